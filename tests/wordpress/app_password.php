<?php
/**
 * Creates or revokes an Application Password of the test blog's admin, through
 * WordPress itself (WP_Application_Passwords), for the authenticated REST test.
 *
 * WordPress shows an application password once, when it is created, and stores only
 * its hash; so each test session creates its own and revokes it when done. Passwords
 * this script made more than an hour ago (a session that never got to revoke its own)
 * are revoked on the next `create`, so they do not pile up.
 *
 * The site must offer Application Passwords: over plain HTTP that needs
 * WP_ENVIRONMENT_TYPE 'local', which install.sh writes into the site's config.
 *
 * Usage:
 *     php tests/wordpress/app_password.php create        # {"user": "admin", "password": "...", "uuid": "..."}
 *     php tests/wordpress/app_password.php revoke UUID   # {"revoked": true}
 */

require __DIR__ . '/lib.php';
backlint_prepare_request();
require_once BACKLINT_WP_LOAD;

const BACKLINT_APP_NAME_PREFIX = 'backlint-test ';
const BACKLINT_APP_MAX_AGE     = 3600;

/**
 * The admin the seed created.
 */
function backlint_admin() {
	$user = get_user_by( 'login', 'admin' );
	if ( ! $user ) {
		backlint_fail( 'no user "admin": run tests/wordpress/install.sh' );
	}
	return $user;
}

/**
 * Revokes this script's passwords older than BACKLINT_APP_MAX_AGE seconds.
 */
function backlint_revoke_stale( $user_id ) {
	foreach ( WP_Application_Passwords::get_user_application_passwords( $user_id ) as $item ) {
		$ours = 0 === strpos( $item['name'], BACKLINT_APP_NAME_PREFIX );
		if ( $ours && time() - (int) $item['created'] > BACKLINT_APP_MAX_AGE ) {
			WP_Application_Passwords::delete_application_password( $user_id, $item['uuid'] );
		}
	}
}

$action = isset( $argv[1] ) ? $argv[1] : '';
$user   = backlint_admin();

if ( 'create' === $action ) {
	backlint_revoke_stale( $user->ID );
	// Unique per call: concurrent test sessions must not revoke each other's password.
	$name    = BACKLINT_APP_NAME_PREFIX . gmdate( 'Y-m-d H:i:s' ) . ' ' . getmypid() . ' ' . wp_generate_password( 6, false );
	$created = WP_Application_Passwords::create_new_application_password( $user->ID, array( 'name' => $name ) );
	if ( is_wp_error( $created ) ) {
		backlint_fail( $created->get_error_message() );
	}
	list( $password, $item ) = $created;
	echo wp_json_encode(
		array(
			'user'     => $user->user_login,
			'password' => WP_Application_Passwords::chunk_password( $password ),
			'uuid'     => $item['uuid'],
		)
	), "\n";
} elseif ( 'revoke' === $action && ! empty( $argv[2] ) ) {
	$deleted = WP_Application_Passwords::delete_application_password( $user->ID, $argv[2] );
	echo wp_json_encode( array( 'revoked' => true === $deleted ) ), "\n";
} else {
	backlint_fail( 'usage: php app_password.php create | revoke UUID' );
}
