<?php
/**
 * Plugin Name: backlint test site: loopback only
 * Description: Lets this throwaway test site verify pingbacks from sources served on
 * 127.0.0.1, and keeps every other request (updates, e-mail, remote patterns) from
 * leaving the machine. Installed by tests/wordpress/install.sh; never use it on a real site.
 *
 * Why: pingback.ping fetches the source page with wp_safe_remote_get(), which refuses
 * hosts that resolve to a loopback or private address (wp_http_validate_url() asks the
 * http_request_host_is_external filter) and ports other than 80, 443 and 8080 (the
 * http_allowed_safe_ports filter). The test's ping sources are served by Apache at
 * http://localhost:8087/, a host name other than the blog's 127.0.0.1 so that the blog
 * and the "referring site" stay two different hosts, as they are in the wild. Exactly
 * the address 127.0.0.1 and the source port 8087 are allowed; anything else is still refused.
 */

const BACKLINT_PING_SOURCE_PORT = 8087;

/**
 * Whether $host is 127.0.0.1, written as such or as "localhost" resolving to it.
 * Nothing else is looked up: other names never reach DNS from here.
 */
function backlint_is_exact_loopback( $host ) {
	$host = strtolower( $host );
	return '127.0.0.1' === $host || ( 'localhost' === $host && '127.0.0.1' === gethostbyname( 'localhost' ) );
}

add_filter(
	'http_request_host_is_external',
	function ( $external, $host ) {
		return $external || backlint_is_exact_loopback( $host );
	},
	10,
	2
);

add_filter(
	'http_allowed_safe_ports',
	function ( $ports, $host ) {
		if ( backlint_is_exact_loopback( $host ) ) {
			$ports[] = BACKLINT_PING_SOURCE_PORT;
		}
		return $ports;
	},
	10,
	2
);

// No mail server here, and a test must not send mail anyway: short-circuit wp_mail()
// before PHPMailer tries /usr/sbin/sendmail.
add_filter( 'pre_wp_mail', '__return_false' );

// The block theme would otherwise ask api.wordpress.org for patterns (blocked by
// WP_HTTP_BLOCK_EXTERNAL anyway; this skips the attempt).
add_filter( 'should_load_remote_block_patterns', '__return_false' );
add_filter( 'automatic_updater_disabled', '__return_true' );
