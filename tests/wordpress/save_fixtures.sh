#!/usr/bin/env bash
# Saves the HTML that the test blog really renders, in each theme, as parser fixtures,
# with the ground truth beside them.
#
# Writes tests/fixtures/markup/:
#   wp-real-<theme>-page1.html .. page4.html  the busy post's comment pages (<permalink>comment-page-N/)
#   wp-real-<theme>-post.html                 the bare permalink (= the last page: "newest" first)
#   wp-real-<theme>-threaded.html             five levels of replies, a link without rel
#   wp-real-<theme>-pings.html                pingbacks and trackbacks, shown and hidden
#   wp-real-expected.json                     expected.php's output plus, per file, its URL
# Host names in the saved HTML are those of the test blog: 127.0.0.1:8086 (and the ping
# sources' localhost:8087).
#
# Usage: bash tests/wordpress/save_fixtures.sh   (after install.sh; restores the active theme)
set -euo pipefail

readonly HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly OUT="$(cd "${HERE}/.." && pwd)/fixtures/markup"
readonly WP_URL="${BACKLINT_TEST_WP_URL:-http://127.0.0.1:8086/}"
readonly THEMES=(twentytwentyone twentytwentythree)
declare -A PAGES=(
    [page1]=a-busy-post/comment-page-1/
    [page2]=a-busy-post/comment-page-2/
    [page3]=a-busy-post/comment-page-3/
    [page4]=a-busy-post/comment-page-4/
    [post]=a-busy-post/
    [threaded]=threaded-conversation/
    [pings]=linked-from-elsewhere/
)

mkdir -p "${OUT}"
original_theme=$(bash "${HERE}/theme.sh" "$(php -r '
require $argv[1] . "/lib.php"; backlint_prepare_request(); require_once BACKLINT_WP_LOAD; echo get_stylesheet();
' "${HERE}")")
trap 'bash "${HERE}/theme.sh" "${original_theme}" >/dev/null' EXIT

files_json="{"
for theme in "${THEMES[@]}"; do
    bash "${HERE}/theme.sh" "${theme}" >/dev/null
    for name in "${!PAGES[@]}"; do
        file="wp-real-${theme}-${name}.html"
        url="${WP_URL%/}/${PAGES[$name]}"
        curl -sSf -o "${OUT}/${file}" "${url}"
        files_json+="\"${file}\": \"${url}\", "
    done
done
files_json="${files_json%, }}"

php "${HERE}/expected.php" | python3 -c '
import json, sys
truth = json.load(sys.stdin)
truth.pop("theme")
truth["files"] = dict(sorted(json.loads(sys.argv[1]).items()))
truth["note"] = ("items: every wp_comments row; a file shows the visible items of the post whose "
                 "post_url its URL starts with, those with the page number it names (pageN; post = "
                 "the last page); in twentytwentyone pingbacks and trackbacks are shown without "
                 "their body, so body_links there are only what twentytwentythree shows")
json.dump(truth, sys.stdout, indent=1, ensure_ascii=False)
print()
' "${files_json}" >"${OUT}/wp-real-expected.json"

ls -l "${OUT}"/wp-real-*
