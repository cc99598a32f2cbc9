<?php
/**
 * Prints the test blog's WordPress export (WXR 1.2) on stdout, made by WordPress itself.
 *
 * This is what Tools > Export > "All content" downloads: export_wp() from
 * wp-admin/includes/export.php, run on the command line. Every post type that can be
 * exported, every post status but auto-draft (private and trashed posts included), and
 * their comments, trackbacks and pingbacks of every status except spam, which core
 * leaves out of exports. The HTTP headers export_wp() sends do nothing on the CLI.
 *
 * Usage: php tests/wordpress/export.php > blog.xml
 */

require __DIR__ . '/lib.php';
backlint_prepare_request();
require_once BACKLINT_WP_LOAD;
require_once ABSPATH . 'wp-admin/includes/export.php';

export_wp( array( 'content' => 'all' ) );
