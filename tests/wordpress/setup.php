<?php
/**
 * Installs the test blog through WordPress's own installer and sets the options the
 * integration test relies on. Run by install.sh (php tests/wordpress/setup.php); safe to
 * run again: wp_install() is skipped once the blog is installed, options are re-set.
 */

require __DIR__ . '/lib.php';
backlint_prepare_request( true );
require_once BACKLINT_WP_LOAD;
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

const BACKLINT_ADMIN_PASSWORD = 'backlint-admin-test-only';

if ( ! is_blog_installed() ) {
	// blog_public = 1: a "discourage search engines" site answers robots.txt with
	// "Disallow: /", and a polite crawler would then find nothing.
	$result = wp_install( 'Backlint Test Blog', 'admin', 'admin@blog.example', 1, '', BACKLINT_ADMIN_PASSWORD );
	if ( is_wp_error( $result ) ) {
		backlint_fail( $result->get_error_message() );
	}
	fwrite( STDOUT, "installed WordPress {$GLOBALS['wp_version']} at " . home_url( '/' ) . "\n" );
}

$options = array(
	'blogdescription'              => 'A WordPress that received comments, trackbacks and pingbacks',
	'timezone_string'              => 'UTC',
	// Discussion settings (Settings > Discussion).
	'default_comment_status'       => 'open',
	'default_ping_status'          => 'open',
	'default_pingback_flag'        => 0,   // Do not ping the sites our posts link to.
	'close_comments_for_old_posts' => 0,   // Seeded posts are dated in the past.
	'comment_registration'         => 0,
	'require_name_email'           => 1,
	'comment_moderation'           => 0,   // Approve unless a rule below holds a comment.
	'comment_previously_approved'  => 0,   // Else every new commenter waits in moderation.
	'comment_max_links'            => 3,   // Three or more links hold a comment (core's rule).
	'moderation_keys'              => "replica\n",      // Held for moderation.
	'disallowed_keys'              => "casino-bonus\n", // Sent to the trash.
	'comments_notify'              => 0,
	'moderation_notify'            => 0,
	'thread_comments'              => 1,
	'thread_comments_depth'        => 5,
	'page_comments'                => 1,
	'comments_per_page'            => 5,
	'default_comments_page'        => 'newest',
	'comment_order'                => 'asc',
	'show_avatars'                 => 1,   // As most sites: gravatar <img> in the markup (never fetched here).
	'posts_per_page'               => 10,
	'posts_per_rss'                => 10,
);
foreach ( $options as $name => $value ) {
	update_option( $name, $value );
}

// Pretty permalinks (Apache sends every unknown path to index.php; see install.sh's
// vhost). Through $wp_rewrite, which caches the structure it was loaded with, so that
// the stored rewrite rules are made for /%postname%/.
global $wp_rewrite;
$wp_rewrite->set_permalink_structure( '/%postname%/' );
flush_rewrite_rules( false );

// Keep the Debian package's bundled plugin (Akismet) off: it would call its servers.
deactivate_plugins( array( 'akismet/akismet.php' ), true );

fwrite( STDOUT, 'options set; theme ' . get_stylesheet() . "\n" );
