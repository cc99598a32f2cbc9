#!/usr/bin/env bash
# Switches the test blog's active theme with WordPress's switch_theme().
#
# Usage: bash tests/wordpress/theme.sh twentytwentyone|twentytwentythree
# Prints the active theme afterwards. Honours BACKLINT_TEST_WP_URL like the other scripts.
set -euo pipefail

readonly HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ $# -eq 1 ]] || { echo "usage: $0 THEME" >&2; exit 2; }

php -r '
require $argv[1] . "/lib.php";
backlint_prepare_request();
require_once BACKLINT_WP_LOAD;
$theme = wp_get_theme( $argv[2] );
if ( ! $theme->exists() || $theme->errors() ) {
	backlint_fail( "no usable theme \"" . $argv[2] . "\"; installed: " . implode( ", ", array_keys( wp_get_themes() ) ) );
}
if ( get_stylesheet() !== $argv[2] ) {
	switch_theme( $argv[2] );
}
echo get_stylesheet(), "\n";
' "${HERE}" "$1"
