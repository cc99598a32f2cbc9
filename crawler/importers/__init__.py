"""Importers: files users already hold (WordPress exports, backlink exports, disavow files)."""
