/**
 * A matchesRegex pattern as Alert Rule runs it: with the `u` flag when the pattern allows it (so
 * \p{L} and astral characters work), else without.
 *
 * With ignore case, `iu` costs V8 about ten times `i` on \b and \w (it checks them against the
 * Unicode word characters by lookarounds). For a pattern of plain ASCII the two read a text the same
 * unless the text holds ſ (U+017F) or the Kelvin sign (U+212A), which `iu` folds to s and k, or a
 * surrogate (an astral character is one character to `u`, two to the other). So such a pattern is
 * also compiled with `i` alone, and a text without those characters is read with it. Escapes whose
 * meaning the flag changes (\u{…}, \p{…}) or that compare case by each flag's rule (backreferences)
 * keep the pattern on `iu` only.
 */
const PLAIN_ASCII = /^[\x20-\x7e]*$/;
const FLAG_DEPENDENT_ESCAPE = /\\[pPuxck1-9]/;
const FOLDED_APART = /[\u017F\u212A\uD800-\uDFFF]/;

export class TextPattern {
	readonly source: string;
	private readonly unicode: RegExp;
	private readonly ascii: RegExp | undefined;

	/** Throws the SyntaxError of RegExp when the pattern is not one. */
	constructor(pattern: string, ignoreCase: boolean) {
		let unicode: RegExp;
		try {
			unicode = new RegExp(pattern, ignoreCase ? 'iu' : 'u');
		} catch {
			unicode = new RegExp(pattern, ignoreCase ? 'i' : '');
		}
		this.unicode = unicode;
		this.source = unicode.source;
		this.ascii = ignoreCase && unicode.unicode && PLAIN_ASCII.test(pattern) && !FLAG_DEPENDENT_ESCAPE.test(pattern) ? new RegExp(pattern, 'i') : undefined;
	}

	test(text: string): boolean {
		return this.ascii !== undefined && !FOLDED_APART.test(text) ? this.ascii.test(text) : this.unicode.test(text);
	}
}
