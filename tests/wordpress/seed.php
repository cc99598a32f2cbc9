<?php
/**
 * Seeds the test blog through WordPress itself.
 *
 * - Posts and a page with wp_insert_post().
 * - Comments with wp_new_comment(), the function behind wp-comments-post.php: kses,
 *   wp_rel_ugc, the moderation rules (comment_max_links, moderation_keys, disallowed_keys)
 *   and the duplicate and flood checks all run as for a visitor's comment. Spam and trash
 *   that a moderator would set afterwards use wp_spam_comment() / wp_trash_comment().
 * - Trackbacks as real HTTP POSTs to <permalink>trackback/ (wp-trackback.php).
 * - Pingbacks as real XML-RPC pingback.ping calls to /xmlrpc.php; WordPress fetches each
 *   source page from http://localhost:8087/ (written here, served by Apache) and checks
 *   that it links to the target.
 *
 * Run once on an empty blog by install.sh (which reseeds from scratch when this file
 * changes). Prints a summary; exits non-zero when anything did not land as planned.
 */

require __DIR__ . '/lib.php';
backlint_prepare_request();
require_once BACKLINT_WP_LOAD;

$source_root = getenv( 'BACKLINT_PING_SOURCE_ROOT' ) ?: '/var/www/backlint-ping-sources';
const BACKLINT_SOURCE_BASE = 'http://localhost:8087';

if ( get_option( 'backlint_seeded' ) ) {
	backlint_fail( 'the blog is already seeded; reset it with: bash tests/wordpress/install.sh --reset' );
}

/**
 * Comment times: each new item is one hour after the previous one, so the order on the
 * page (by date, oldest first) is the order of this script.
 */
$backlint_clock = strtotime( '2024-03-01 09:00:00 UTC' );
function backlint_next_time() {
	global $backlint_clock;
	$backlint_clock += HOUR_IN_SECONDS;
	return $backlint_clock;
}

/**
 * Creates a published post (or page) dated in the past, comments and pings open.
 */
function backlint_post( $slug, $title, $content, $date, $extra = array() ) {
	$id = wp_insert_post(
		array_merge(
			array(
				'post_name'      => $slug,
				'post_title'     => $title,
				'post_content'   => $content,
				'post_status'    => 'publish',
				'post_author'    => 1,
				'post_date'      => $date,
				'post_date_gmt'  => $date,
				'comment_status' => 'open',
				'ping_status'    => 'open',
			),
			$extra
		),
		true
	);
	if ( is_wp_error( $id ) ) {
		backlint_fail( "post $slug: " . $id->get_error_message() );
	}
	return $id;
}

/**
 * Submits a comment as a visitor would (or as $user_id, logged in).
 *
 * @param int    $post_id  The post.
 * @param string $author   Name field.
 * @param string $url      Website field ('' for none).
 * @param string $content  Comment field, HTML as typed.
 * @param int    $parent   Comment replied to, 0 for top level.
 * @param int    $user_id  A registered user, or 0 for a visitor.
 * @param string $expect   The status WordPress must give it: '1', '0', 'trash'.
 * @return int The comment ID.
 */
function backlint_comment( $post_id, $author, $url, $content, $parent = 0, $user_id = 0, $expect = '1' ) {
	// As wp-comments-post.php: a logged-in user's own name, e-mail and URL; kses applies
	// unless the user may post unfiltered HTML (kses_init runs on set_current_user).
	wp_set_current_user( $user_id );
	$email = strtolower( preg_replace( '/[^a-z0-9]+/i', '.', $author ) ) . '@mail.example';
	if ( $user_id ) {
		$user   = get_userdata( $user_id );
		$author = $user->display_name;
		$email  = $user->user_email;
		$url    = $user->user_url;
	}
	$time = backlint_next_time();
	$data = array(
		'comment_post_ID'      => $post_id,
		'comment_author'       => $author,
		'comment_author_email' => $email,
		'comment_author_url'   => $url,
		'comment_content'      => $content,
		'comment_parent'       => $parent,
		'comment_type'         => 'comment',
		'user_id'              => $user_id,
		// A distinct address per author keeps the flood check to what it is for.
		'comment_author_IP'    => '192.0.2.' . ( abs( crc32( $author ) ) % 250 + 1 ),
		'comment_agent'        => 'Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0',
		'comment_date'         => gmdate( 'Y-m-d H:i:s', $time ),
		'comment_date_gmt'     => gmdate( 'Y-m-d H:i:s', $time ),
	);
	$id = wp_new_comment( wp_slash( $data ), true );
	wp_set_current_user( 0 );
	if ( is_wp_error( $id ) ) {
		backlint_fail( "comment by $author: " . $id->get_error_message() );
	}
	backlint_expect_status( $id, $expect, "comment by $author" );
	return $id;
}

function backlint_expect_status( $id, $expect, $what ) {
	$status = get_comment( $id )->comment_approved;
	if ( (string) $status !== (string) $expect ) {
		backlint_fail( "$what: WordPress gave it status '$status', the seed expects '$expect'" );
	}
}

/**
 * Writes a static page of a "referring site" under http://localhost:8087/.
 */
function backlint_source_page( $path, $title, $body_html ) {
	global $source_root;
	$file = $source_root . $path;
	wp_mkdir_p( dirname( $file ) );
	$html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
		. esc_html( $title ) . "</title>\n</head>\n<body>\n<h1>" . esc_html( $title ) . "</h1>\n"
		. $body_html . "\n</body>\n</html>\n";
	if ( false === file_put_contents( $file, $html ) ) {
		backlint_fail( "cannot write $file" );
	}
	return BACKLINT_SOURCE_BASE . $path;
}

/**
 * Sends a trackback the way another blog does: a form POST to <permalink>trackback/.
 *
 * @return int The new comment ID.
 */
function backlint_trackback( $post_id, $url, $blog_name, $title, $excerpt, $expect = '1' ) {
	$endpoint = trailingslashit( get_permalink( $post_id ) ) . 'trackback/';
	$response = wp_remote_post(
		$endpoint,
		array(
			'timeout' => 30,
			'body'    => array(
				'url'       => $url,
				'blog_name' => $blog_name,
				'title'     => $title,
				'excerpt'   => $excerpt,
				'charset'   => 'UTF-8',
			),
		)
	);
	$body = wp_remote_retrieve_body( $response );
	if ( is_wp_error( $response ) || ! preg_match( '#<error>0</error>#', $body ) ) {
		$why = is_wp_error( $response ) ? $response->get_error_message() : $body;
		backlint_fail( "trackback from $url to $endpoint refused: $why" );
	}
	return backlint_landed_ping( $post_id, $url, 'trackback', $expect );
}

/**
 * Sends a pingback the way another blog does: XML-RPC pingback.ping to /xmlrpc.php.
 *
 * @return int The new comment ID.
 */
function backlint_pingback( $post_id, $source_url, $expect = '1' ) {
	$target  = get_permalink( $post_id );
	$request = '<?xml version="1.0"?>' . "\n<methodCall><methodName>pingback.ping</methodName><params>"
		. '<param><value><string>' . esc_html( $source_url ) . '</string></value></param>'
		. '<param><value><string>' . esc_html( $target ) . '</string></value></param>'
		. "</params></methodCall>\n";
	$response = wp_remote_post(
		site_url( '/xmlrpc.php' ),
		array(
			'timeout' => 30,
			'headers' => array( 'Content-Type' => 'text/xml' ),
			'body'    => $request,
		)
	);
	$body = wp_remote_retrieve_body( $response );
	if ( is_wp_error( $response ) || false !== strpos( $body, '<fault>' ) || false === strpos( $body, 'registered' ) ) {
		$why = is_wp_error( $response ) ? $response->get_error_message() : $body;
		backlint_fail( "pingback from $source_url to $target refused: $why" );
	}
	return backlint_landed_ping( $post_id, $source_url, 'pingback', $expect );
}

/**
 * Finds the row a ping just created, checks it, and moves its date into the seed's
 * timeline.
 *
 * Why the date: WordPress's flood check (wp_check_comment_flood) matches earlier items
 * by IP *or* e-mail, and every ping has an empty e-mail, so a second ping within 15
 * seconds of any other would be refused; a ping dated in the past no longer counts. It
 * also puts pings between the comments, as on a real blog.
 */
function backlint_landed_ping( $post_id, $url, $type, $expect ) {
	global $wpdb;
	$id = (int) $wpdb->get_var(
		$wpdb->prepare(
			"SELECT comment_ID FROM $wpdb->comments WHERE comment_post_ID = %d AND comment_author_url = %s AND comment_type = %s",
			$post_id,
			$url,
			$type
		)
	);
	if ( ! $id ) {
		backlint_fail( "$type from $url: no row in {$wpdb->comments}" );
	}
	$when = gmdate( 'Y-m-d H:i:s', backlint_next_time() );
	$wpdb->update( $wpdb->comments, array( 'comment_date' => $when, 'comment_date_gmt' => $when ), array( 'comment_ID' => $id ) );
	clean_comment_cache( $id );
	backlint_expect_status( $id, $expect, "$type from $url" );
	return $id;
}

// ---------------------------------------------------------------------------------------
// People.

$admin_id = 1;
wp_update_user(
	array(
		'ID'           => $admin_id,
		'display_name' => 'Site Owner',
		'nickname'     => 'Site Owner',
		'user_url'     => home_url( '/' ), // An author link back to the blog itself.
	)
);
$reader_id = wp_insert_user(
	array(
		'user_login'   => 'rita',
		'user_pass'    => 'backlint-reader-test-only',
		'user_email'   => 'rita@mail.example',
		'display_name' => 'Rita Reader',
		'user_url'     => 'https://rita.example.com/',
		'role'         => 'subscriber',
	)
);
if ( is_wp_error( $reader_id ) ) {
	backlint_fail( 'user rita: ' . $reader_id->get_error_message() );
}

// WordPress's own first post and comment are kept (a real blog has them too), dated
// like the rest so that pages render the same on every install.
$wpdb->update( $wpdb->posts, array( 'post_date' => '2024-02-25 08:00:00', 'post_date_gmt' => '2024-02-25 08:00:00', 'post_modified' => '2024-02-25 08:00:00', 'post_modified_gmt' => '2024-02-25 08:00:00' ), array( 'ID' => 1 ) );
$wpdb->update( $wpdb->comments, array( 'comment_date' => '2024-02-25 09:00:00', 'comment_date_gmt' => '2024-02-25 09:00:00' ), array( 'comment_ID' => 1 ) );
clean_post_cache( 1 );
clean_comment_cache( 1 );

// ---------------------------------------------------------------------------------------
// Posts.

$lorem = "<!-- wp:paragraph -->\n<p>%s</p>\n<!-- /wp:paragraph -->";
$busy  = backlint_post(
	'a-busy-post',
	'A busy post about link audits',
	sprintf( $lorem, 'Every link on your pages is a vote you cast. This post walks through a link audit, step by step, and it got a lot of answers.' ),
	'2024-02-20 08:00:00'
);
$thread = backlint_post(
	'threaded-conversation',
	'A threaded conversation',
	sprintf( $lorem, 'Replies to replies to replies: how deep can a comment thread go before nobody reads it?' ),
	'2024-02-10 08:00:00'
);
$linked = backlint_post(
	'linked-from-elsewhere',
	'Linked from elsewhere',
	sprintf( $lorem, 'Other blogs wrote about this post and told us so with trackbacks and pingbacks.' ),
	'2024-02-01 08:00:00'
);
$closed = backlint_post(
	'comments-closed-later',
	'Comments closed later',
	sprintf( $lorem, 'This post took comments for a while; the discussion is closed now but stays visible.' ),
	'2024-01-20 08:00:00'
);
backlint_post(
	'a-quiet-post',
	'A quiet post',
	sprintf( $lorem, 'Nobody has said anything here yet.' ),
	'2024-01-10 08:00:00'
);
$guestbook = backlint_post(
	'guestbook',
	'Guestbook',
	sprintf( $lorem, 'Say hello.' ),
	'2024-01-05 08:00:00',
	array( 'post_type' => 'page' )
);
$private = backlint_post(
	'private-notes',
	'Private notes',
	sprintf( $lorem, 'Only logged-in editors see this post and its comments.' ),
	'2024-01-03 08:00:00',
	array( 'post_status' => 'private' )
);
$doomed = backlint_post(
	'deleted-post',
	'A post that was deleted',
	sprintf( $lorem, 'This post is in the trash, and so are its comments (status post-trashed).' ),
	'2024-01-02 08:00:00'
);

// ---------------------------------------------------------------------------------------
// Pages of other sites that link here (pingback sources, trackback URLs).

$busy_url   = get_permalink( $busy );
$linked_url = get_permalink( $linked );

$src_roundup = backlint_source_page(
	'/friendly-blog/link-audit-roundup.html',
	'Link audit roundup | Friendly Blog',
	"<p>This week we read three guides. The best is <a href=\"$busy_url\">a busy post about link audits</a>, thorough and clear.</p>"
);
$src_why = backlint_source_page(
	'/another-blog/why-links-matter.html',
	'Why links matter | Another Blog',
	"<p>Intro paragraph without links.</p>\n<p>As <a href=\"$busy_url\">this audit guide</a> explains, every link is a vote you cast for another site.</p>"
);
$src_weekly = backlint_source_page(
	'/news-site/2024/weekly-links.html',
	'Weekly links #12 – News Site',
	"<ul>\n<li><a href=\"https://news.example.com/a\">Some news</a></li>\n<li>Audits: <a href=\"$busy_url\" rel=\"nofollow\">A busy post</a> on link audits</li>\n</ul>"
);
$src_followup = backlint_source_page(
	'/friendly-blog/follow-up.html',
	'Follow-up | Friendly Blog',
	"<p>We came back to <a href=\"$linked_url\">the post that others linked</a> one month later.</p>"
);
$src_replica = backlint_source_page(
	'/replica-shop/watches.html',
	'Replica watches, cheap and fast',
	"<p>Buy now. <a href=\"$linked_url\">Read more</a> about cheap replica watches.</p>"
);
$src_spammy = backlint_source_page(
	'/spammy/best-links.html',
	'Best links directory',
	"<p>Top sites: <a href=\"$linked_url\">linked</a>, <a href=\"https://pills.example.net/\">pills</a>.</p>"
);
$src_no_link = backlint_source_page(
	'/aggregator/no-link-here.html',
	'Random Aggregator',
	'<p>This page talks about link audits but links to nobody.</p>'
);
// Trackbacks are never verified, so these URLs need no page, or a page without a link.
$tb_gone = BACKLINT_SOURCE_BASE . '/gone/never-existed.html';

// ---------------------------------------------------------------------------------------
// The busy post: 16 top-level items shown (4 pages of 5), threads, and hidden ones.

$c_alice = backlint_comment( $busy, 'Alice', 'https://alice.example.com/', 'Great overview. I wrote about <a href="https://alice.example.com/blog/link-audits/">my own link audit</a> last year.' );
$c_bob   = backlint_comment( $busy, 'Bob', '', 'Thanks, this helped me clean up my old blog.' );
$r_bob   = backlint_comment( $busy, 'Bob', '', 'Alice, your write-up was good too.', $c_alice );
backlint_comment( $busy, 'Alice', 'https://alice.example.com/', 'Thanks Bob! More on <a href="https://alice.example.com/blog/">my blog</a>.', $r_bob );
$t_roundup = backlint_trackback( $busy, $src_roundup, 'Friendly Blog', 'Link audit roundup', 'We collected the best guides on auditing links, including this one.' );
backlint_comment( $busy, 'Carol', 'http://www.example.org/carol', "More reading: https://docs.example.org/guide?section=2&lang=en\n\nand the second paragraph." );
$c_dan = backlint_comment( $busy, 'Dan', 'https://dan.example.net', 'I disagree with point 3; <a href="https://dan.example.net/rebuttal/" title="My rebuttal">see my rebuttal</a> and <a href="http://en.example.org/wiki/Link_rot">link rot</a>.' );
backlint_comment( $busy, 'Site Owner', '', 'Fair point, Dan. I will update the post.', $c_dan, $admin_id );
$p_why = backlint_pingback( $busy, $src_why );
backlint_comment( $busy, 'Site Owner', '', 'Thanks for the mention!', $p_why, $admin_id );
backlint_comment( $busy, 'Erin', 'https://cheap-essays.example.com/?utm_source=comment', 'Nice post! www.best-essays.example.com/order' );
backlint_comment( $busy, 'Frank', 'javascript:alert(1)', 'Is there a tool for this? (My website field was a script; WordPress dropped it.)' );
backlint_trackback( $busy, $tb_gone, 'SEO Links 4U', 'Great post', 'Great post, thanks for sharing! Visit http://seo-links.example.biz/ for more.' );
backlint_comment( $busy, 'Grace', 'https://bücher.example/', 'Danke! <a href="mailto:grace@mail.example">Write me</a>.' );
backlint_comment( $busy, 'Heidi', 'https://heidi.example.com', '<a href="/threaded-conversation/">Your other post</a> covers the rest.' );
backlint_pingback( $busy, $src_weekly );
backlint_comment( $busy, 'Ivan', 'https://ivan.example.com', '<a href="https://ivan.example.com/services/" rel="dofollow">Ivan&#039;s SEO services</a>' );
$c_judy = backlint_comment( $busy, 'Judy', '', 'Page two, or three, or four: where am I?' );
backlint_comment( $busy, 'Kim', 'https://kim.example.com/', 'Bookmarked. <strong>Bold</strong> claim: audits are <em>fun</em>.' );
backlint_comment( $busy, 'Leo', 'https://leo.example.com/', 'A comment with a <a href="https://leo.example.com/#section" title="anchor">fragment link</a>.' );
backlint_comment( $busy, 'Mia', '', 'The last word on this post.' );
// Held: three links reach comment_max_links; "replica" is a moderation key.
backlint_comment( $busy, 'Mallory', 'http://links.example.biz/', 'Links: <a href="http://a.example.biz/">one</a> <a href="http://b.example.biz/">two</a> <a href="http://c.example.biz/">three</a>', 0, 0, '0' );
backlint_comment( $busy, 'Nina', 'https://watches.example.biz/', 'Cheap replica watches here.', 0, 0, '0' );
backlint_comment( $busy, 'Ned', '', 'A reply that waits in moderation: replica bags.', $c_judy, 0, '0' );
// Trashed by the disallowed-keys rule (matches the URL).
backlint_comment( $busy, 'Olga', 'https://casino-bonus.example.biz/', 'Win big today!', 0, 0, 'trash' );
// Approved, then a moderator marked it spam / moved it to the trash.
$c_spam = backlint_comment( $busy, 'Oscar', 'https://followers.example.biz/', 'Buy followers: <a href="https://followers.example.biz/buy">cheap</a>' );
wp_spam_comment( $c_spam );
$c_trashed = backlint_comment( $busy, 'Peggy', 'https://peggy.example.biz/', 'Off-topic rant that the owner trashed.' );
wp_trash_comment( $c_trashed );

// ---------------------------------------------------------------------------------------
// The threaded post: five levels, a logged-in reader, the author, a link without rel.

$t1 = backlint_comment( $thread, 'Rita Reader', '', 'Logged-in comment with my <a href="https://rita.example.com/notes/">notes</a>.', 0, $reader_id );
$t2 = backlint_comment( $thread, 'Sam', 'https://sam.example.org/', 'Level two.', $t1 );
$t3 = backlint_comment( $thread, 'Rita Reader', '', 'Level three, logged in again.', $t2, $reader_id );
$t4 = backlint_comment( $thread, 'Site Owner', '', 'Level four, from the author.', $t3, $admin_id );
backlint_comment( $thread, 'Sam', 'https://sam.example.org/', 'Level five, the deepest the theme nests.', $t4 );
$t_rel = backlint_comment( $thread, 'Trent', 'https://trent.example.com/', 'My <a href="https://trent.example.com/shop/">shop</a> link is shown without rel.' );
add_comment_meta( $t_rel, 'backlint_strip_rel', 1, true );
backlint_comment( $thread, 'Uma', '', 'See <a href="' . esc_url( $busy_url ) . '">the busy post</a>, on this same blog.' );

// ---------------------------------------------------------------------------------------
// The linked post: pings of every fate.

backlint_pingback( $linked, $src_followup );
backlint_trackback( $linked, $src_no_link, 'Random Aggregator', 'Aggregated', 'An excerpt copied from somewhere, without a link back.' );
backlint_comment( $linked, 'Victor', 'https://victor.example.com/', 'Came here from the Friendly Blog.' );
backlint_pingback( $linked, $src_replica, '0' );
$p_spam = backlint_pingback( $linked, $src_spammy );
wp_spam_comment( $p_spam );
backlint_trackback( $linked, BACKLINT_SOURCE_BASE . '/casino-bonus/offer.html', 'Casino', 'Bonus', 'Free spins.', 'trash' );

// ---------------------------------------------------------------------------------------
// Closed later, a page, a private post, a trashed post.

backlint_comment( $closed, 'Wendy', 'https://wendy.example.com/', 'First!' );
backlint_comment( $closed, 'Xavier', '', 'Second, just before the comments were closed.' );
wp_update_post( array( 'ID' => $closed, 'comment_status' => 'closed', 'ping_status' => 'closed' ) );

$g1 = backlint_comment( $guestbook, 'Yusuf', 'https://yusuf.example.com/', 'Hello from the guestbook.' );
backlint_comment( $guestbook, 'Zoe', 'https://zoe.example.com/', 'Hello Yusuf!', $g1 );

backlint_comment( $private, 'Yolanda', 'https://yolanda.example.com/', 'Approved, but on a private post.' );

backlint_comment( $doomed, 'Zack', 'https://zack.example.com/', 'Approved, but the post went to the trash.' );
wp_trash_post( $doomed );

update_option( 'backlint_seeded', 1, false );

// ---------------------------------------------------------------------------------------
// Summary: what landed, by type and status.

$rows = $wpdb->get_results( "SELECT comment_type, comment_approved, COUNT(*) AS n FROM $wpdb->comments GROUP BY comment_type, comment_approved ORDER BY comment_type, comment_approved" );
foreach ( $rows as $row ) {
	fwrite( STDOUT, sprintf( "  %-10s %-13s %3d\n", $row->comment_type, $row->comment_approved, $row->n ) );
}
