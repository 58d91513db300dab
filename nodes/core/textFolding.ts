/**
 * How customer text is folded before words are compared: one place for the rules that topics, the
 * response builder, sentiment, the French lexicon build (scripts/build-french-lexicon.mjs), Alert
 * Rule's conditions and owner routing share.
 *
 * - Case: lower case.
 * - Accents: a letter loses its marks (é → e, Ç → c), ligatures are spelled out (œ → oe, æ → ae,
 *   ß → ss). `foldCharacter` folds any character so; the sentiment tokenizer's fast tables fold the
 *   letters of FOLDED_LETTERS (French and the common Latin accents) the same way and leave others as
 *   they are.
 * - Apostrophes: the typographic ones (’ ‘ ʼ) stand for '. The sentiment tokenizer reads ’ alone.
 * - French elisions: l', d', qu', jusqu'… (FRENCH_ELISIONS) before a word are the word they stand for
 *   (l' → le); topics drop them, sentiment spells them out.
 * - Whitespace: runs of it separate words; folded phrases join their words with one space.
 * - Words (splitWords, foldText): letters, marks and digits; any other character separates them, so
 *   punctuation counts as a space ("Île-de-France" folds as "ile de france").
 */

/** The accented letters the sentiment tokenizer folds (lower case; anything else it keeps as written). */
export const FOLDED_LETTERS = 'àâäáãåçéèêëîïíìôöóòõùûüúÿñœæ';

/** Letters that are two letters once folded; marks alone do not spell these out. */
const LIGATURES: Readonly<Record<string, string>> = { œ: 'oe', æ: 'ae', ß: 'ss' };

const MARKS = /\p{M}/gu;

/** The text with every combining mark removed (NFD first): "Délai" → "Delai". Case is kept. */
export function stripAccents(text: string): string {
	return text.normalize('NFD').replace(MARKS, '');
}

/** Folded text of each character, by code, filled on first use. */
const folds: Array<string | undefined> = [];

/** One character folded: "É" → "e", "œ" → "oe", a combining accent → "". */
export function foldCharacter(code: number): string {
	let fold = folds[code];
	if (fold === undefined) {
		const lower = stripAccents(String.fromCharCode(code)).toLowerCase();
		fold = stripAccents([...lower].map((char) => LIGATURES[char] ?? char).join(''));
		folds[code] = fold;
	}
	return fold;
}

/** FOLDED_LETTERS and what each folds to (é → e, œ → oe), for the sentiment tokenizer's tables. */
export const ACCENT_FOLDS: Readonly<Record<string, string>> = Object.fromEntries(
	[...FOLDED_LETTERS].map((letter) => [letter, foldCharacter(letter.charCodeAt(0))]),
);

/** The typographic apostrophes that stand for ' ("l’attente"). */
export const TYPOGRAPHIC_APOSTROPHES: ReadonlySet<string> = new Set(['\u2019', '\u2018', '\u02bc']);
/** The one the sentiment tokenizer reads as ' (the others are rare in comments). */
export const RIGHT_SINGLE_QUOTE = '\u2019';

/**
 * Accents folded and ’ read as ', in already lower-cased text, letter by letter as the sentiment
 * tokenizer folds words: only FOLDED_LETTERS change.
 */
export function foldAccents(lowerCased: string): string {
	let folded = '';
	let from = 0;
	for (let at = 0; at < lowerCased.length; at++) {
		const char = lowerCased[at];
		const replaced = char === RIGHT_SINGLE_QUOTE ? "'" : ACCENT_FOLDS[char];
		if (replaced === undefined) continue;
		folded += lowerCased.slice(from, at) + replaced;
		from = at + 1;
	}
	return from === 0 ? lowerCased : folded + lowerCased.slice(from);
}

/** French elided forms (folded) and the word each stands for: l' → le, qu' → que. */
export const FRENCH_ELISIONS: ReadonlyMap<string, string> = new Map([
	['l', 'le'], ['d', 'de'], ['j', 'je'], ['qu', 'que'], ['n', 'ne'], ['c', 'ce'], ['s', 'se'], ['m', 'me'],
	['t', 'te'], ['jusqu', 'jusque'], ['lorsqu', 'lorsque'], ['puisqu', 'puisque'], ['quoiqu', 'quoique'],
	['presqu', 'presque'],
]);

/**
 * A folded word without the French elision it starts with ("l'excellent" → "excellent"); a word that
 * is only an elision ("l'") is kept.
 */
export function dropLeadingElision(word: string): string {
	const apostrophe = word.indexOf("'");
	if (apostrophe <= 0 || apostrophe === word.length - 1 || !FRENCH_ELISIONS.has(word.slice(0, apostrophe))) return word;
	return word.slice(apostrophe + 1);
}

/** The words of a folded phrase, split on whitespace. */
export function splitOnWhitespace(phrase: string): string[] {
	return phrase.split(/\s+/).filter((word) => word !== '');
}

// ---------------------------------------------------------------------------------------------
// Characters: classes and folding, by UTF-16 code unit, filled lazily beyond ASCII; words.

/** Character kinds (kindOf): part of a word, a space, a clause break, an apostrophe. */
export const WORD = 1;
const SPACE = 2;
export const BREAK = 3;
export const APOSTROPHE = 4;

/** The kind of each UTF-16 code unit; ASCII is filled here, the rest by kindOf on first use. */
export const charKinds = new Uint8Array(0x10000);
for (let code = 0; code < 128; code++) {
	const char = String.fromCharCode(code);
	charKinds[code] = /[a-z0-9]/i.test(char) ? WORD : char === "'" ? APOSTROPHE : /[.,;:!?()[\]{}"\n\r]/.test(char) ? BREAK : SPACE;
}

const BREAKS = new Set(['«', '»', '…', '¿', '¡', '“', '”', '„', '•', '\u2028', '\u2029', '。', '、']);
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

export function kindOf(code: number): number {
	let kind = charKinds[code];
	if (kind === 0) {
		const char = String.fromCharCode(code);
		kind = WORD_CHAR.test(char) ? WORD : TYPOGRAPHIC_APOSTROPHES.has(char) ? APOSTROPHE : BREAKS.has(char) ? BREAK : SPACE;
		charKinds[code] = kind;
	}
	return kind;
}

/** French elided words, dropped when an apostrophe and a word follow ("l'attente" → "attente"). */
export const ELISIONS = [...FRENCH_ELISIONS.keys()];
const ELISION_SET = new Set(ELISIONS);

/** Whether the word ending at `end` is followed by an apostrophe and a word (the l of "l'attente"). */
export function isElided(text: string, end: number): boolean {
	return end + 1 < text.length && kindOf(text.charCodeAt(end)) === APOSTROPHE && kindOf(text.charCodeAt(end + 1)) === WORD;
}

/** Words of a keyword or text, folded, with their place in the text; for compiling, not the hot path. */
export function splitWords(text: string): Array<{ folded: string; start: number; end: number; afterBreak: boolean }> {
	const words: Array<{ folded: string; start: number; end: number; afterBreak: boolean }> = [];
	let pendingBreak = false;
	let position = 0;
	while (position < text.length) {
		const kind = kindOf(text.charCodeAt(position));
		if (kind !== WORD) {
			if (kind === BREAK) pendingBreak = true;
			position++;
			continue;
		}
		const start = position;
		let folded = '';
		for (; position < text.length; position++) {
			const code = text.charCodeAt(position);
			if (kindOf(code) !== WORD) break;
			folded += code < 128 ? String.fromCharCode(code | 32) : foldCharacter(code);
		}
		if (folded === '' || (ELISION_SET.has(folded) && isElided(text, position))) continue;
		words.push({ folded, start, end: position, afterBreak: pendingBreak });
		pendingBreak = false;
	}
	return words;
}

/**
 * A text folded for comparing words, as topics tag them and Alert Rule and routing compare values:
 * lower case, no accents, ligatures spelled out, no elisions, punctuation and runs of spaces
 * between words are one space ("L'ATTENTE au S.A.V." → "attente au s a v").
 */
export function foldText(text: string): string {
	return splitWords(text)
		.map((word) => word.folded)
		.join(' ');
}
