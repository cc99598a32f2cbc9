<?php
/**
 * Loads Debian's WordPress for a command-line script of this test setup.
 *
 * Debian's /usr/share/wordpress/wp-config.php picks /etc/wordpress/config-<host>.php from
 * the request's Host header, so a CLI script has to pretend to be a request to the test
 * site before wp-load.php runs. The site URL comes from BACKLINT_TEST_WP_URL when set,
 * like the pytest fixture, else the address install.sh serves.
 *
 * Usage (from another script of this folder, at file scope):
 *     require __DIR__ . '/lib.php';
 *     backlint_prepare_request();
 *     require_once BACKLINT_WP_LOAD;
 */

// Notices go to stderr so that a script printing JSON on stdout stays parseable.
ini_set( 'display_errors', 'stderr' );
error_reporting( E_ALL & ~E_DEPRECATED & ~E_STRICT );

const BACKLINT_DEFAULT_WP_URL = 'http://127.0.0.1:8086/';

/**
 * The test site's base URL, without a trailing slash.
 */
function backlint_wp_url() {
	$url = getenv( 'BACKLINT_TEST_WP_URL' );
	return rtrim( $url ? $url : BACKLINT_DEFAULT_WP_URL, '/' );
}

/**
 * Fills $_SERVER as a request to the test site would.
 *
 * The caller then loads WordPress at file scope with
 * `require_once BACKLINT_WP_LOAD;`: wp-settings.php defines globals ($wpdb,
 * $table_prefix, ...) that must not end up local to a function.
 *
 * @param bool $installing true while the site has no tables yet (skips the
 *                         redirect to wp-admin/install.php).
 */
function backlint_prepare_request( $installing = false ) {
	$parts = parse_url( backlint_wp_url() );
	$host  = $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' );

	$_SERVER['HTTP_HOST']       = $host;
	$_SERVER['SERVER_NAME']     = $parts['host'];
	$_SERVER['SERVER_PORT']     = isset( $parts['port'] ) ? (string) $parts['port'] : '80';
	$_SERVER['REQUEST_URI']     = '/';
	$_SERVER['REQUEST_METHOD']  = 'GET';
	$_SERVER['REMOTE_ADDR']     = '127.0.0.1';
	$_SERVER['HTTP_USER_AGENT'] = 'backlint-test-setup';

	if ( $installing ) {
		define( 'WP_INSTALLING', true );
	}
}

const BACKLINT_WP_LOAD = '/usr/share/wordpress/wp-load.php';

/**
 * Prints a message on stderr and stops with exit status 1.
 */
function backlint_fail( $message ) {
	fwrite( STDERR, "error: $message\n" );
	exit( 1 );
}
