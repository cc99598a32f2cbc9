<?php
/**
 * Prints the ground truth of the test blog as JSON: every row of wp_comments, whatever
 * its status, with what WordPress shows for it.
 *
 * Output: {"site": home URL, "theme": active stylesheet, "items": [ {
 *   "id": "12", "type": "comment|trackback|pingback", "approved": "1|0|spam|trash|post-trashed",
 *   "visible": bool (approved and on a post anyone may read),
 *   "post_id": "5", "post_url": permalink, "parent_id": "3" or null,
 *   "author_name": as displayed, "author_url": as displayed (get_comment_author_url) or null,
 *   "body_links": [ {"href": as in the HTML, "anchor": text, "rel": ["nofollow", ...]} ],
 *   "page": the comment page it is shown on (1, 2, ...), null when not visible
 * } ] }
 *
 * body_links are read from the comment text after WordPress's display filters (the
 * 'comment_text' filter: make_clickable turns bare URLs into links, the test site's
 * rel-stripping plugin acts there too), i.e. from the same HTML a theme prints.
 *
 * Usage: php tests/wordpress/expected.php
 */

require __DIR__ . '/lib.php';
backlint_prepare_request();
require_once BACKLINT_WP_LOAD;

/**
 * The <a href> links in an HTML fragment, in document order.
 */
function backlint_links_in( $html ) {
	$links = array();
	if ( '' === trim( $html ) ) {
		return $links;
	}
	$doc = new DOMDocument();
	// The XML declaration makes libxml read the fragment as UTF-8.
	libxml_use_internal_errors( true );
	$doc->loadHTML( '<?xml encoding="utf-8"?><div>' . $html . '</div>', LIBXML_NONET );
	libxml_clear_errors();
	foreach ( $doc->getElementsByTagName( 'a' ) as $a ) {
		if ( ! $a->hasAttribute( 'href' ) ) {
			continue;
		}
		$rel     = trim( $a->getAttribute( 'rel' ) );
		$links[] = array(
			'href'   => $a->getAttribute( 'href' ),
			'anchor' => trim( preg_replace( '/\s+/u', ' ', $a->textContent ) ),
			'rel'    => '' === $rel ? array() : array_values( preg_split( '/\s+/', strtolower( $rel ) ) ),
		);
	}
	return $links;
}

/**
 * Whether a visitor who is not logged in can read the post (and so its comments).
 */
function backlint_post_is_public( $post ) {
	return $post && 'publish' === $post->post_status && is_post_type_viewable( $post->post_type );
}

$items = array();
$rows  = get_comments(
	array(
		'status'  => 'all',
		'type'    => 'all',
		'orderby' => 'comment_ID',
		'order'   => 'ASC',
	)
);
// get_comments(status=all) means approved and pending only; spam, trash and post-trashed
// are asked for by name.
foreach ( array( 'spam', 'trash', 'post-trashed' ) as $status ) {
	$rows = array_merge( $rows, get_comments( array( 'status' => $status, 'type' => 'all' ) ) );
}
usort(
	$rows,
	function ( $a, $b ) {
		return (int) $a->comment_ID - (int) $b->comment_ID;
	}
);

foreach ( $rows as $comment ) {
	$post       = get_post( $comment->comment_post_ID );
	$type       = in_array( $comment->comment_type, array( '', 'comment' ), true ) ? 'comment' : $comment->comment_type;
	$author_url = get_comment_author_url( $comment );
	$shown_html = apply_filters( 'comment_text', get_comment_text( $comment ), $comment, array() );
	$visible    = '1' === (string) $comment->comment_approved && backlint_post_is_public( $post );

	$items[] = array(
		'id'          => (string) $comment->comment_ID,
		'type'        => $type,
		'approved'    => (string) $comment->comment_approved,
		'visible'     => $visible,
		'post_id'     => (string) $comment->comment_post_ID,
		'post_url'    => $post ? get_permalink( $post ) : null,
		'parent_id'   => $comment->comment_parent ? (string) $comment->comment_parent : null,
		'author_name' => get_comment_author( $comment ),
		'author_url'  => '' === $author_url ? null : $author_url,
		'body_links'  => backlint_links_in( $shown_html ),
		// The comment page (<permalink>comment-page-N/) WordPress shows it on.
		'page'        => $visible ? (int) get_page_of_comment( $comment->comment_ID ) : null,
	);
}

echo wp_json_encode(
	array(
		'site'  => home_url( '/' ),
		'theme' => get_stylesheet(),
		'items' => $items,
	),
	JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
), "\n";
