"""The one charset policy: bytes from the web, or from a file a user hands over, into text.

Pages, feeds, sitemaps and error bodies go through :func:`decode`; the CSV and TSV
exports the importers read go through :func:`sniff_file`, which picks a file's
encoding from its first bytes. Both follow the browser's order (WHATWG Encoding
Standard; HTML Standard §13.2.3.2 "Determining the character encoding"):

1. a byte-order mark (UTF-8, UTF-16 LE, UTF-16 BE) wins over everything;
2. the transport's charset (the HTTP ``Content-Type`` header), or the one the
   caller declares for a file;
3. for markup, ``<meta charset>``, ``<meta http-equiv="Content-Type">`` or the XML
   declaration in the first :data:`PRESCAN_BYTES` bytes;
4. UTF-8, when the bytes are valid UTF-8 (plain ASCII always is);
5. UTF-8 that fails on only a few bytes (one bad sequence or fewer for ten good
   non-ASCII characters): a page with a stray byte, or cut inside a character, is
   not in another encoding, and is read as a browser would, with U+FFFD for the bad
   bytes (text in a legacy encoding read as UTF-8 gives next to no good characters);
6. charset-normalizer, the last resort for undeclared legacy pages (Shift_JIS,
   KOI8-R, GBK, windows-1251, ...), run on the non-ASCII part of the text and only
   when it holds at least :data:`DETECT_MIN_BYTES` non-ASCII bytes; its answer must
   decode every byte;
7. a declared legacy encoding that fails on only a few bytes, with U+FFFD for them;
8. windows-1252 with replacement characters (what browsers default to), unless its
   reading is not text (stray non-ASCII letters with no letter beside them): such
   bytes are damage, not a legacy encoding, and are kept as U+FFFD of UTF-8.

Labels go through the WHATWG table: ``iso-8859-1``, ``latin1`` and ``ascii`` mean
windows-1252, ``shift_jis`` means windows-31j, ``gb2312`` means GBK, and so on. A
label the web does not use is ignored: UTF-7 above all (``+ADw-script+AD4-`` would
become ``<script>``), and the WHATWG "replacement" labels. A declared UTF-16 or
UTF-32 counts only when the bytes are UTF-16 or UTF-32 (their zero bytes show it);
in a ``<meta>`` UTF-16 means UTF-8, since the tag could not be read otherwise. A
declared encoding in which the bytes do not decode is skipped, so a lying header
does not garble a page.

Example:
    >>> decode(b"<p>caf\\xc3\\xa9</p>")
    Decoded(text='<p>café</p>', encoding='utf-8', source='utf-8')
    >>> decode(b"+ADw-script+AD4-alert(1)", "utf-7").text
    '+ADw-script+AD4-alert(1)'
    >>> sniff_file(b"\\xff\\xfeu\\x00r\\x00l\\x00")
    FileEncoding(encoding='utf-16-le', bom=2, source='bom')
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import NamedTuple

#: The HTML Standard's prescan reads 1024 bytes; real pages often put a long ``<head>``
#: before their ``<meta>``, so a little more is read.
PRESCAN_BYTES = 4096
#: Fewer non-ASCII bytes than this do not tell one legacy encoding from another:
#: charset-normalizer is not asked (on three or four bytes it guesses wildly).
DETECT_MIN_BYTES = 8
#: How much more chaotic than the best reading windows-1252's may be and still win
#: (charset-normalizer's "chaos" is the share of odd character sequences, 0 to 1).
_CHAOS_MARGIN = 0.15
#: The most bytes of non-ASCII text handed to charset-normalizer: its time grows with
#: the sample, and a few pages of text tell the encoding as well as a whole site.
DETECT_SAMPLE_BYTES = 32 * 1024

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_ASCII = bytes(range(128))

# WHATWG Encoding Standard §4.2 "Names and labels": each encoding the web uses, as the
# Python codec that decodes it, with its labels. GBK's decoder is gb18030's, Big5's
# includes HKSCS, Shift_JIS is windows-31j and EUC-KR is windows-949 (§12, §13).
_WHATWG_LABELS = {
    "utf-8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8",
    "cp866": "866 cp866 csibm866 ibm866",
    "iso8859-2": "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2",
    "iso8859-3": "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3",
    "iso8859-4": "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4",
    "iso8859-5": "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 "
                 "iso_8859-5:1988",
    "iso8859-6": "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e "
                 "iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987",
    "iso8859-7": "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 "
                 "iso_8859-7 iso_8859-7:1987 sun_eu_greek",
    # ISO-8859-8-I ("logical") has the same bytes as ISO-8859-8; only the display order differs.
    "iso8859-8": "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 "
                 "iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical",
    "iso8859-10": "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6",
    "iso8859-13": "iso-8859-13 iso8859-13 iso885913",
    "iso8859-14": "iso-8859-14 iso8859-14 iso885914",
    "iso8859-15": "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
    "iso8859-16": "iso-8859-16",
    "koi8-r": "cskoi8r koi koi8 koi8-r koi8_r",
    "koi8-u": "koi8-ru koi8-u",
    "mac-roman": "csmacintosh mac macintosh x-mac-roman",
    "cp874": "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874",
    "cp1250": "cp1250 windows-1250 x-cp1250",
    "cp1251": "cp1251 windows-1251 x-cp1251",
    "cp1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 "
              "iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252",
    "cp1253": "cp1253 windows-1253 x-cp1253",
    "cp1254": "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 "
              "latin5 windows-1254 x-cp1254",
    "cp1255": "cp1255 windows-1255 x-cp1255",
    "cp1256": "cp1256 windows-1256 x-cp1256",
    "cp1257": "cp1257 windows-1257 x-cp1257",
    "cp1258": "cp1258 windows-1258 x-cp1258",
    "mac-cyrillic": "x-mac-cyrillic x-mac-ukrainian",
    "gb18030": "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk gb18030",
    "big5hkscs": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "euc_jp": "cseucpkdfmtjapanese euc-jp x-euc-jp",
    "iso2022_jp": "csiso2022jp iso-2022-jp",
    "cp932": "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    "cp949": "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 "
             "windows-949",
    "utf-16-le": "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le",
    "utf-16-be": "unicodefffe utf-16be",
}
_LABELS = {label: codec for codec, labels in _WHATWG_LABELS.items() for label in labels.split()}
_WEB_CODECS = frozenset(_WHATWG_LABELS)
# Python's names for codecs whose web counterpart is another (or a superset) codec:
# labels Python knows but WHATWG does not list ("latin_1", "win1251") and what
# charset-normalizer reports ("shift_jis", "gbk") are read the way the web reads them.
_PYTHON_TO_WEB = {"iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254", "iso8859-11": "cp874",
                  "tis-620": "cp874", "shift_jis": "cp932", "gbk": "gb18030", "gb2312": "gb18030",
                  "euc_kr": "cp949", "big5": "big5hkscs"}
_WIDE = frozenset({"utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"})
# What charset-normalizer may answer: the web's single- and multi-byte legacy codecs
# (UTF-8 has been tried already; ISO-2022-JP is 7-bit, so never gets this far).
_DETECTABLE = sorted(_WEB_CODECS - _WIDE - {"utf-8", "iso2022_jp"})

_COMMENT = re.compile(rb"<!--.*?(?:-->|\Z)", re.S)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]{1,40})""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.\-]{1,40})""")
_TAG = re.compile(rb"<[^<>]*>")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# The fallback's reading is judged on at most this many non-ASCII characters.
_JUDGED_CHARS = 1000


class Decoded(NamedTuple):
    """Text decoded from bytes, and how.

    Attributes:
        text: the text (without a byte-order mark).
        encoding: the Python codec used (``utf-8``, ``cp1252``, ``cp932`` ...).
        source: the step that decided: ``bom``, ``header``, ``meta`` (a ``<meta>`` or
            the XML declaration), ``utf-8``, ``detected`` (charset-normalizer), or
            ``fallback`` (nothing fitted every byte: the text holds U+FFFD).
    """

    text: str
    encoding: str
    source: str


class FileEncoding(NamedTuple):
    """How to read a text file, picked from its first bytes by :func:`sniff_file`.

    Example:
        >>> found = sniff_file(b"\\xef\\xbb\\xbfurl,anchor\\n")
        >>> found, found.from_start, found.decode_head(b"\\xef\\xbb\\xbfurl,anchor\\n")
        (FileEncoding(encoding='utf-8', bom=3, source='bom'), 'utf-8-sig', 'url,anchor\\n')

    Attributes:
        encoding: the codec for the bytes after the byte-order mark.
        bom: the length of the byte-order mark (0 without one).
        source: ``bom``, ``declared``, ``nul-bytes`` (UTF-16 or UTF-32 without a
            mark, told by its zero bytes), ``utf-8``, ``detected`` or ``fallback``
            (no encoding fits every byte: the reader meets undecodable bytes).
    """

    encoding: str
    bom: int
    source: str

    @property
    def from_start(self) -> str:
        """The codec that reads the file from its first byte, byte-order mark included."""
        if not self.bom:
            return self.encoding
        # Byte-order marks are UTF-8's or UTF-16's (either byte order).
        return "utf-8-sig" if self.encoding == "utf-8" else "utf-16"

    def decode_head(self, head: bytes) -> str:
        """Decode the first bytes of the file (bad bytes as U+FFFD, a cut character held back)."""
        return codecs.getincrementaldecoder(self.encoding)("replace").decode(head[self.bom:], final=False)


def decode(data: bytes, declared: str | None = None, *, markup: bool = True) -> Decoded:
    """Decode a page, feed or other web body the way a browser would; never fails.

    Example:
        >>> decode("naïve café".encode("cp1252"), "utf-8")  # the header lies; cp1252 fits
        Decoded(text='naïve café', encoding='cp1252', source='fallback')
        >>> decode(b'<meta charset="utf-16"><p>hi</p>')   # WHATWG: such a page is UTF-8
        Decoded(text='<meta charset="utf-16"><p>hi</p>', encoding='utf-8', source='meta')
        >>> decode(b"\\xef\\xbb\\xbfhi", "iso-8859-1")       # a byte-order mark beats the header
        Decoded(text='hi', encoding='utf-8', source='bom')

    Args:
        data: the body.
        declared: the transport's charset (the ``charset`` of ``Content-Type``), if any.
        markup: look for ``<meta charset>`` and the XML declaration, and leave tags
            out of what is handed to detection (``False`` for plain text and JSON).

    Returns:
        The :class:`Decoded` text, the codec used and the step that chose it.
    """
    data = bytes(data)
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            # WHATWG "decode": the BOM decides, and bad bytes become U+FFFD.
            return Decoded(data[len(bom):].decode(bom_codec, "replace"), bom_codec, "bom")
    candidates: list[tuple[str, str]] = []
    if declared:
        codec = _declared_codec(declared, data)
        if codec is not None:
            candidates.append((codec, "header"))
    if markup:
        codec = _prescan(data[:PRESCAN_BYTES])
        if codec is not None:
            candidates.append((codec, "meta"))
    candidates.append(("utf-8", "utf-8"))
    tried: list[str] = []
    for codec, source in candidates:
        if codec in tried:
            continue
        tried.append(codec)
        try:
            return Decoded(data.decode(codec), codec, source)
        except UnicodeDecodeError:
            continue
    # UTF-8 first: text in another encoding almost never holds valid UTF-8 sequences, so
    # many good ones around a few bad bytes mean a damaged UTF-8 page.
    text = _nearly(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", "fallback")
    found = _detect(_legacy_sample(data, markup), lambda codec: _decodes(data, codec), tried)
    if found is not None:
        return Decoded(data.decode(found), found, "detected")
    # A declared legacy encoding comes after detection: random bytes often pair up into
    # valid Shift_JIS or GBK, so "nearly fits" there is weaker evidence than "fits".
    for codec in tried[:-1]:
        text = _nearly(data, codec)
        if text is not None:
            return Decoded(text, codec, "fallback")
    codec = _fallback_codec(data)
    return Decoded(data.decode(codec, "replace"), codec, "fallback")


def sniff_file(head: bytes, declared: str | None = None, *, legacy: bool = True,
               complete: bool = False) -> FileEncoding:
    """Pick the encoding of a text file (a CSV or TSV export) from its first bytes.

    The same policy as :func:`decode`, for files: a byte-order mark; the declared
    encoding; UTF-16 or UTF-32 without a mark, told by its zero bytes (Ahrefs writes
    UTF-16 LE, sometimes without a BOM); UTF-8; then, when ``legacy``,
    charset-normalizer and windows-1252, what spreadsheet programs on Windows write.

    Example:
        >>> sniff_file(b"a\\x00b\\x00c\\x00d\\x00")
        FileEncoding(encoding='utf-16-le', bom=0, source='nul-bytes')
        >>> sniff_file(b"url,anchor").source, sniff_file(b"Ren\\xe9;tr\\xe8s bien").encoding
        ('utf-8', 'cp1252')
        >>> sniff_file(b"Ren\\xe9;tr\\xe8s bien", legacy=False)  # the reader reports the bad bytes
        FileEncoding(encoding='utf-8', bom=0, source='fallback')

    Args:
        head: the file's first bytes.
        declared: an encoding the user named, if any (used when the bytes fit it).
        legacy: guess a legacy encoding for bytes that are not UTF-8; ``False`` for
            files that are always Unicode (backlink tools' exports), whose bad bytes
            the reader reports line by line instead.
        complete: ``head`` is the whole file, so a character cut at its end is an error.

    Returns:
        The :class:`FileEncoding`.
    """
    head = bytes(head)
    for bom, bom_codec in _BOMS:
        if head.startswith(bom):
            return FileEncoding(bom_codec, len(bom), "bom")

    def fits(codec: str) -> bool:
        return _decodes(head, codec, final=complete)

    if declared:
        codec = _declared_codec(declared, head)
        if codec is not None and fits(codec):
            return FileEncoding(codec, 0, "declared")
    wide = _zero_pattern(head)
    if wide is not None:
        return FileEncoding(wide, 0, "nul-bytes")
    if fits("utf-8"):
        return FileEncoding("utf-8", 0, "utf-8")
    if not legacy:
        return FileEncoding("utf-8", 0, "fallback")
    found = _detect(_legacy_sample(head, markup=False), fits, ["utf-8"])
    if found is not None:
        return FileEncoding(found, 0, "detected")
    return FileEncoding(_fallback_codec(head), 0, "fallback")


def web_codec(label: str) -> str | None:
    """Return the Python codec for an encoding label, as the WHATWG table reads it.

    Example:
        >>> web_codec("ISO-8859-1"), web_codec(" Shift_JIS "), web_codec("utf-7"), web_codec("x-nope")
        ('cp1252', 'cp932', None, None)

    Returns:
        The codec name, or ``None`` for a label the web does not use.
    """
    label = label.strip().strip("\"'").strip().lower()
    codec = _LABELS.get(label)
    if codec is not None:
        return codec
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    name = _PYTHON_TO_WEB.get(name, name)
    return name if name in _WEB_CODECS else None


def _declared_codec(label: str, data: bytes) -> str | None:
    # A transport (or user) label, read as the WHATWG table reads it; a UTF-16 or
    # UTF-32 one only where the zero bytes show that the data is in it.
    try:
        python = codecs.lookup(label.strip().strip("\"'").strip().lower()).name
    except LookupError:
        python = ""
    codec = web_codec(label)
    if not python.startswith("utf-32") and codec not in _WIDE:
        return codec
    wide = _zero_pattern(data)
    if wide is None or not wide.startswith(python[:6] if python.startswith("utf-") else "utf-16"):
        return None
    # "utf-16" names no byte order, so the zero bytes tell it; a named one must agree.
    return wide if python not in _WIDE or python == wide else None


def _prescan(head: bytes) -> str | None:
    # HTML Standard §13.2.3.2 "prescan a byte stream": comments do not count.
    head = _COMMENT.sub(b"", head) if b"<!--" in head else head
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii").lower()
    if label == "x-user-defined":  # the prescan reads it as windows-1252
        return "cp1252"
    codec = web_codec(label)
    # A <meta> read as ASCII cannot be in UTF-16: the page is UTF-8 (HTML §13.2.3.2).
    return "utf-8" if codec in ("utf-16-le", "utf-16-be") else codec


def _zero_pattern(data: bytes) -> str | None:
    # Text of mostly ASCII in UTF-16 has a zero in every other byte, in UTF-32 three
    # in every four; which bytes are zero gives the byte order.
    sample = data[:512]
    if len(sample) < 4:
        return None
    quads = [sample[i::4].count(0) for i in range(4)]
    quarter = len(sample) // 4
    if quads[0] == 0 and min(quads[1:]) >= quarter * 0.8:
        return "utf-32-le"
    if quads[3] == 0 and min(quads[:3]) >= quarter * 0.8:
        return "utf-32-be"
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= half * 0.8 and even == 0:
        return "utf-16-le"
    if even >= half * 0.8 and odd == 0:
        return "utf-16-be"
    return None


def _nearly(data: bytes, codec: str) -> str | None:
    # The text when ``codec`` fails on few bytes: at most one bad sequence for ten good
    # non-ASCII characters.
    text = data.decode(codec, "replace")
    bad = text.count("\ufffd")
    return text if bad * 10 <= len(text) - len(text.encode("ascii", "ignore")) - bad else None


def _decodes(data: bytes, codec: str, final: bool = True) -> bool:
    try:
        codecs.getincrementaldecoder(codec)().decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _legacy_sample(data: bytes, markup: bool) -> bytes:
    # The lines of text that hold non-ASCII bytes, tags left out: a page of ASCII
    # markup with one paragraph of Russian is judged on the paragraph. No legacy
    # multi-byte encoding has "<", ">" or a line feed as a trailing byte, so cutting
    # there never splits a character.
    text = _TAG.sub(b"\n", data) if markup else data
    kept: list[bytes] = []
    size = 0
    for line in text.split(b"\n"):
        if not line.isascii():
            kept.append(line.strip())
            size += len(line)
            if size >= DETECT_SAMPLE_BYTES:
                break
    return b"\n".join(kept)


def _detect(sample: bytes, fits, tried: list[str]) -> str | None:
    """Ask charset-normalizer for the legacy encoding of ``sample``.

    Args:
        sample: the non-ASCII part of the text.
        fits: tells whether the whole input decodes strictly in a codec.
        tried: codecs already known not to fit.

    Returns:
        The web codec of the best answer that fits, or ``None``.
    """
    if len(sample.translate(None, _ASCII)) < DETECT_MIN_BYTES:
        return None
    # Imported here: only undeclared legacy pages get this far.
    from charset_normalizer import from_bytes

    matches = list(from_bytes(sample, cp_isolation=_DETECTABLE, preemptive_behaviour=False))
    if not matches:
        return None
    best = matches[0]
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    names = [name for m in tied for name in [m.encoding, *m.could_be_from_charset]]
    # Latin texts often read alike in several code pages: windows-1252, the web's
    # default for undeclared pages, goes first among equals, and among near-equals
    # too: a reading as coherent and hardly more chaotic (French "è" read in the
    # Baltic code page as "č" can score a little less chaotic) is the default's.
    near = [m for m in matches if m.coherence >= best.coherence and m.chaos <= best.chaos + _CHAOS_MARGIN]
    if "cp1252" in names or any("cp1252" in (m.encoding, *m.could_be_from_charset) for m in near):
        names.insert(0, "cp1252")
    names += [m.encoding for m in matches]
    seen = set(tried)
    for name in names:
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        codec = _PYTHON_TO_WEB.get(codec, codec)
        if codec in _WEB_CODECS and codec not in seen and fits(codec):
            return codec
        seen.add(codec)
    return None


def _fallback_codec(data: bytes) -> str:
    """windows-1252 when its reading looks like text, else UTF-8 (bad bytes become U+FFFD).

    Text in windows-1252 has its non-ASCII letters inside words ("café") and its
    punctuation (dashes, quotes, ``€``) anywhere; a lone letter between spaces or
    an undefined byte is damage. Half of the non-ASCII characters must look right.
    """
    text = data.decode("cp1252", "replace")
    good = bad = 0
    for match in _NON_ASCII.finditer(text):
        at = match.start()
        char = text[at]
        category = unicodedata.category(char)
        if char == "\ufffd":
            bad += 1
        elif category[0] in "PSZN":
            good += 1
        elif category[0] == "L" and (text[at - 1:at].isalpha() or text[at + 1:at + 2].isalpha()):
            good += 1
        else:
            bad += 1
        if good + bad >= _JUDGED_CHARS:
            break
    return "cp1252" if good >= bad else "utf-8"
