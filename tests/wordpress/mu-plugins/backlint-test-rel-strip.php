<?php
/**
 * Plugin Name: backlint test site: a comment whose links lost their rel
 * Description: Removes rel="..." from the displayed links of comments carrying the
 * comment meta backlint_strip_rel. Installed by tests/wordpress/install.sh.
 *
 * Why: some themes and "dofollow" plugins strip rel="nofollow ugc" from comment links,
 * which passes ranking credit to commenters; the auditor must report such links. WordPress
 * itself always stores rel="nofollow ugc" (wp_rel_ugc on pre_comment_content), so the test
 * site needs this display filter to show one. It acts only on marked comments.
 */

add_filter(
	'comment_text',
	function ( $text, $comment = null ) {
		if ( ! $comment || ! get_comment_meta( $comment->comment_ID, 'backlint_strip_rel', true ) ) {
			return $text;
		}
		return preg_replace( '/(<a\s[^>]*?)\s+rel=("[^"]*"|\'[^\']*\')/i', '$1', $text );
	},
	40,
	2
);
