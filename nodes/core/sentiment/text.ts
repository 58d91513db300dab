/**
 * The tokenizer of the sentiment scorer: one pass over the characters of the lower-cased comment, no
 * regular expression, so that scoring a comment costs less than the `sentiment` package's own
 * tokenizer does.
 *
 * - Words: letters, digits, inner apostrophes and hyphens ("don't", "aujourd'hui", "peut-être").
 *   Accents are folded (é → e, œ → oe), the typographic apostrophe becomes ' (../textFolding.ts).
 * - French elisions are split off and spelled out (l' → le, n' → ne, qu' → que…), so that "n'est" gives
 *   the `ne` of a negation and "l'excellent" finds "excellent". This is harmless for English, which
 *   has no word of one letter (or qu) followed by an apostrophe and a letter.
 * - Punctuation becomes boundary tokens: `|` ends a clause (, ; : parentheses, dashes, a leading -),
 *   `||` ends a sentence (. ? … new line), `|+` ends an exclamation (!). Negation never crosses a
 *   boundary; contrast (but, mais) works within a sentence.
 * - Emoticons become `<smile>` / `<frown>`. Ratings (9/10, 4 out of 5, 2 sur 10, 5 stars, 1 étoile)
 *   become `<good-rating>` (RATING_HIGH of the scale or more) or `<bad-rating>` (RATING_LOW or less);
 *   middle ratings say nothing. Emoji become tokens of their own, even when glued to a word.
 * - Everything else (quotes, #, *, /…) separates tokens.
 *
 * It also notes what the language detector needs: elisions split, English contractions seen, and
 * letters typical of French, Spanish, German or Portuguese.
 */

import { ACCENT_FOLDS, FRENCH_ELISIONS } from '../textFolding';

export const CLAUSE = '|';
export const SENTENCE = '||';
export const EXCLAMATION = '|+';
/** The end of a question ("?", "??", "?!" counts as an exclamation). */
export const QUESTION = '|?';
export const SMILE = '<smile>';
export const FROWN = '<frown>';
export const GOOD_RATING = '<good-rating>';
export const BAD_RATING = '<bad-rating>';

/** Ratings at or above this share of the scale count as positive, at or below RATING_LOW as negative. */
export const RATING_HIGH = 0.7;
export const RATING_LOW = 0.4;

/** Letters seen, for the language detector. */
export const FRENCH_MARK = 1;
export const SPANISH_MARK = 2;
export const GERMAN_MARK = 4;
export const PORTUGUESE_MARK = 8;

/** What the vocabulary knows of a token; `points` are the language detector's (see language.ts). */
export interface Counted {
	readonly points: number;
}

/**
 * The table of known tokens, open addressing on `hashString` (vocabulary.ts builds it): the tokenizer
 * computes each token's hash while reading it and looks the token up at once.
 */
export interface Vocabulary<T extends Counted> {
	/** Each slot's token hash (1 stands for 0), 0 for an empty slot. */
	readonly hashes: Int32Array;
	/** Each slot's `points`, kept apart so that the detector's sum reads no object. */
	readonly points: Float64Array;
	readonly keys: ReadonlyArray<string | undefined>;
	readonly values: readonly T[];
	readonly mask: number;
	/** How many tokens, from the start, count for the language detector. */
	readonly sample: number;
	/** The points of a word the table lacks that ends in -ly or -ed. */
	readonly englishHint: number;
}

/**
 * Told of each word the tokenizer reads that is spelled in a-z, digits and FOLDED_LETTERS alone (no
 * apostrophe, hyphen or other letter), with its hash and place in the lower-cased text: the topic
 * tagger reads the comment in the same pass (topics.ts).
 */
export interface WordListener {
	word(hash: number, lowerCased: string, start: number, end: number): void;
}

export interface Tokenized<T extends Counted> {
	tokens: string[];
	/** Each token's value in the vocabulary, undefined for unknown tokens. */
	found: Array<T | undefined>;
	/** The sum of the points of the first `sample` tokens. */
	points: number;
	/** French elisions split off (l', qu'…). */
	elisions: number;
	/** Words with an English contraction (n't, 's, 're, 've, 'll, 'm, 'd). */
	contractions: number;
	/** FRENCH_MARK | SPANISH_MARK | … for the letters seen. */
	marks: number;
}

// Character classes, for codes below 0x180.
const OTHER = 0;
const LETTER = 1;
const FOLDED = 2;
const DIGIT = 3;
const SPACE = 4;
const APOSTROPHE = 5;
const HYPHEN = 6;
const STOP = 7;
const BANG = 8;
const COMMA = 9;
const FACE = 10;
const EMOJI = 11;

const MARKS: Readonly<Record<string, number>> = {
	é: FRENCH_MARK, è: FRENCH_MARK, ê: FRENCH_MARK, à: FRENCH_MARK, ç: FRENCH_MARK, ù: FRENCH_MARK, œ: FRENCH_MARK,
	ñ: SPANISH_MARK, ä: GERMAN_MARK, ö: GERMAN_MARK, ß: GERMAN_MARK, ã: PORTUGUESE_MARK, õ: PORTUGUESE_MARK,
};

/** The hash of a token, as the tokenizer computes it on the way (31-based, 32-bit). */
export function hashString(token: string): number {
	let hash = 0;
	for (let index = 0; index < token.length; index++) hash = (Math.imul(hash, 31) + token.charCodeAt(index)) | 0;
	return hash;
}

const CLAUSE_HASH = hashString(CLAUSE);
const SENTENCE_HASH = hashString(SENTENCE);
const EXCLAMATION_HASH = hashString(EXCLAMATION);
const QUESTION_HASH = hashString(QUESTION);
const SMILE_HASH = hashString(SMILE);
const FROWN_HASH = hashString(FROWN);
const GOOD_RATING_HASH = hashString(GOOD_RATING);
const BAD_RATING_HASH = hashString(BAD_RATING);

const ELISIONS: ReadonlyMap<string, { token: string; hash: number }> = new Map(
	[...FRENCH_ELISIONS].map(([elided, token]) => [elided, { token, hash: hashString(token) }]),
);
/** The one-letter elisions (l' d' j' n' c' s' m' t'), by the letter's code. */
const ELIDED_LETTERS = new Array<{ token: string; hash: number } | undefined>(0x80).fill(undefined);
for (const [elided, value] of ELISIONS) if (elided.length === 1) ELIDED_LETTERS[elided.charCodeAt(0)] = value;

const CLASSES = new Uint8Array(0x180);
const FOLD_CODES = new Array<string | undefined>(0x180).fill(undefined);
/** The folded letters' codes, for the hash: é → e, œ → o then e. */
const FOLD_FIRST = new Uint16Array(0x180);
const FOLD_SECOND = new Uint16Array(0x180);
const MARK_CODES = new Uint8Array(0x180);
(() => {
	for (let code = 0x61; code <= 0x7a; code++) CLASSES[code] = LETTER;
	for (let code = 0x30; code <= 0x39; code++) CLASSES[code] = DIGIT;
	for (let code = 0xdf; code <= 0x17f; code++) if (code !== 0xf7) CLASSES[code] = LETTER;
	for (const [char, folded] of Object.entries(ACCENT_FOLDS)) {
		CLASSES[char.charCodeAt(0)] = FOLDED;
		FOLD_CODES[char.charCodeAt(0)] = folded;
		FOLD_FIRST[char.charCodeAt(0)] = folded.charCodeAt(0);
		FOLD_SECOND[char.charCodeAt(0)] = folded.length > 1 ? folded.charCodeAt(1) : 0;
	}
	for (const [char, mark] of Object.entries(MARKS)) MARK_CODES[char.charCodeAt(0)] = mark;
	for (const char of ' \t\f\v\u00a0') CLASSES[char.charCodeAt(0)] = SPACE;
	CLASSES[0x27] = APOSTROPHE;
	CLASSES[0x2d] = HYPHEN;
	for (const char of '.?\n\r') CLASSES[char.charCodeAt(0)] = STOP;
	CLASSES[0x21] = BANG;
	for (const char of ',()[]') CLASSES[char.charCodeAt(0)] = COMMA;
	for (const char of ':;=^<') CLASSES[char.charCodeAt(0)] = FACE;
	CLASSES[0xa1] = OTHER; // ¡ and ¿ separate, and mark Spanish
	MARK_CODES[0xa1] = SPANISH_MARK;
	MARK_CODES[0xbf] = SPANISH_MARK;
})();

function classOf(code: number): number {
	if (code < 0x180) return CLASSES[code];
	if (code === 0x2019) return APOSTROPHE;
	if (code === 0x2026) return STOP;
	if (code === 0x2013 || code === 0x2014) return COMMA;
	// Emoji (a high surrogate starts the pair) and symbols such as ❤ ☺ ⭐ are tokens of their own.
	if ((code >= 0xd800 && code <= 0xdbff) || (code >= 0x2600 && code <= 0x27bf) || (code >= 0x2b00 && code <= 0x2bff)) {
		return EMOJI;
	}
	// Spacing, joiners, variation selectors, stray low surrogates separate; other scripts are letters.
	if ((code >= 0x2000 && code <= 0x206f) || (code >= 0xfe00 && code <= 0xfe0f) || code === 0x3000 || code >= 0xdc00 && code <= 0xdfff) {
		return OTHER;
	}
	return LETTER;
}

/** The code at `index`, or 0 past the end (reading past the end would deoptimize the tokenizer). */
const codeAt = (text: string, index: number): number => (index < text.length ? text.charCodeAt(index) : 0);

const isWordCode = (code: number): boolean => {
	const kind = classOf(code);
	return kind === LETTER || kind === FOLDED || kind === DIGIT;
};

function rating(value: number, scale: number): string | undefined {
	const share = value / scale;
	if (share >= RATING_HIGH) return GOOD_RATING;
	if (share <= RATING_LOW) return BAD_RATING;
	return undefined;
}

/** A rating that starts with the number text[start..end), or undefined; `end` is where it stops. */
function readRating(text: string, start: number, end: number): { token: string | undefined; end: number } | undefined {
	const before = start > 0 ? codeAt(text, start - 1) : 0x20;
	if (before === 0x2f || before === 0x2e || before === 0x2c) return undefined;
	const value = Number(text.slice(start, end).replace(',', '.'));
	let at = end;
	if (codeAt(text, at) === 0x20) at++;
	let scaleStart = -1;
	if (codeAt(text, at) === 0x2f) scaleStart = at + 1;
	else if (text.startsWith('out of', at)) scaleStart = at + 6;
	else if (text.startsWith('sur', at)) scaleStart = at + 3;
	if (scaleStart >= 0) {
		if (codeAt(text, scaleStart) === 0x20) scaleStart++;
		let scaleEnd = scaleStart;
		while (classOf(codeAt(text, scaleEnd)) === DIGIT) scaleEnd++;
		const next = codeAt(text, scaleEnd);
		const scale = text.slice(scaleStart, scaleEnd);
		if ((scale === '10' || scale === '20' || scale === '5' || scale === '100') && next !== 0x2f && !isWordCode(next)) {
			return { token: rating(value, Number(scale)), end: scaleEnd };
		}
		return undefined;
	}
	if (value <= 5) {
		for (const unit of ['stars', 'star', 'étoiles', 'étoile', 'etoiles', 'etoile']) {
			if (text.startsWith(unit, at) && !isWordCode(codeAt(text, at + unit.length))) {
				return { token: rating(value, 5), end: at + unit.length };
			}
		}
	}
	return undefined;
}

/** An emoticon starting at `start` (a face character), or undefined. */
function readEmoticon(text: string, start: number): { token: string; end: number } | undefined {
	const first = codeAt(text, start);
	const before = start > 0 ? codeAt(text, start - 1) : 0x20;
	if (isWordCode(before)) return undefined;
	if (first === 0x5e) {
		// ^^ or ^_^
		if (codeAt(text, start + 1) === 0x5e) return { token: SMILE, end: start + 2 };
		if (text.startsWith('_^', start + 1)) return { token: SMILE, end: start + 3 };
		return undefined;
	}
	if (first === 0x3c) {
		// <3 or </3
		if (codeAt(text, start + 1) === 0x33) return { token: SMILE, end: start + 2 };
		if (text.startsWith('/3', start + 1)) return { token: FROWN, end: start + 3 };
		return undefined;
	}
	let at = start + 1;
	if (codeAt(text, at) === 0x27) at++;
	if (codeAt(text, at) === 0x2d) at++;
	const mouth = codeAt(text, at);
	let token: string | undefined;
	if (mouth === 0x29 || mouth === 0x5d || mouth === 0x64 || mouth === 0x70) token = SMILE; // ) ] d p
	else if (mouth === 0x28 || mouth === 0x5b || mouth === 0x2f || mouth === 0x5c) token = FROWN; // ( [ / \
	if (token === undefined) return undefined;
	let end = at + 1;
	while (codeAt(text, end) === mouth) end++;
	const after = codeAt(text, end);
	if (isWordCode(after) || (mouth === 0x2f && after === 0x2f)) return undefined;
	return { token, end };
}

/** Whether text[start..end), folded as the tokenizer folds it, spells `key`. */
export function spells(text: string, start: number, end: number, key: string): boolean {
	const size = key.length;
	let next = 0;
	for (let at = start; at < end; at++) {
		const code = text.charCodeAt(at);
		if (next >= size) return false;
		if (code < 0xc0) {
			if (key.charCodeAt(next++) !== code) return false;
		} else if (code === 0x2019) {
			if (key.charCodeAt(next++) !== 0x27) return false;
		} else if (code < 0x180 && FOLD_FIRST[code] !== 0) {
			if (key.charCodeAt(next++) !== FOLD_FIRST[code]) return false;
			if (FOLD_SECOND[code] !== 0 && (next >= size || key.charCodeAt(next++) !== FOLD_SECOND[code])) return false;
		} else if (key.charCodeAt(next++) !== code) {
			return false;
		}
	}
	return next === size;
}

/** Whether the word text[start..end) ends in an English contraction ('t 's 're 've 'll 'm 'd). */
function endsInContraction(text: string, start: number, end: number): boolean {
	let apostrophe = end - 1;
	while (apostrophe > start && text.charCodeAt(apostrophe) !== 0x27 && text.charCodeAt(apostrophe) !== 0x2019) apostrophe--;
	const size = end - apostrophe - 1;
	if (apostrophe === start || size < 1 || size > 2) return false;
	const first = text.charCodeAt(apostrophe + 1);
	if (size === 1) return first === 0x74 || first === 0x73 || first === 0x6d || first === 0x64; // t s m d
	const second = text.charCodeAt(apostrophe + 2);
	return (second === 0x65 && (first === 0x72 || first === 0x76)) || (first === 0x6c && second === 0x6c); // re ve ll
}

/**
 * Splits a lower-cased comment into tokens and looks each up in the vocabulary (see the top of this
 * file). A word the vocabulary does not know is kept as an empty token: nothing reads its spelling, so
 * it is never built, which is most of the tokenizer's saving.
 */
export function tokenize<T extends Counted>(text: string, vocabulary: Vocabulary<T>, listener?: WordListener): Tokenized<T> {
	const tokens: string[] = [];
	const found: Array<T | undefined> = [];
	const { hashes: tableHashes, points: tablePoints, keys, values, mask, sample, englishHint } = vocabulary;
	let points = 0;
	let elisions = 0;
	let contractions = 0;
	let marks = 0;
	const length = text.length;
	let at = 0;
	while (at < length) {
		const code = text.charCodeAt(at);
		const kind = code < 0x180 ? CLASSES[code] : classOf(code);
		// Each branch below either skips (continue) or sets the token (undefined for a word, which is
		// text[wordStart..wordEnd) folded) and its hash.
		let token: string | undefined;
		let hash: number;
		let wordStart = 0;
		let wordEnd = 0;
		if (kind === LETTER || kind === FOLDED || kind === DIGIT) {
			let rating: string | undefined | null = null;
			if (kind === DIGIT) {
				let end = at;
				while (classOf(codeAt(text, end)) === DIGIT) end++;
				if ((codeAt(text, end) === 0x2e || codeAt(text, end) === 0x2c) && classOf(codeAt(text, end + 1)) === DIGIT) {
					end++;
					while (classOf(codeAt(text, end)) === DIGIT) end++;
				}
				if (!isWordCode(codeAt(text, end)) && end - at <= 5) {
					const read = readRating(text, at, end);
					if (read !== undefined) {
						at = read.end;
						rating = read.token;
					}
				}
			}
			if (rating === undefined) continue;
			if (rating !== null) {
				token = rating;
				hash = rating === GOOD_RATING ? GOOD_RATING_HASH : BAD_RATING_HASH;
			} else {
				// A word: letters, digits, inner apostrophes and hyphens. Its hash is computed on the way.
				let apostrophes = false;
				// Spelled in a-z, digits and FOLDED_LETTERS alone (see WordListener).
				let plain = true;
				let elided: { token: string; hash: number } | undefined;
				hash = 0;
				let end = at;
				while (end < length) {
					const inner = text.charCodeAt(end);
					if (inner >= 0x61 && inner <= 0x7a) {
						hash = (Math.imul(hash, 31) + inner) | 0;
						end++;
						continue;
					}
					const innerKind = inner < 0x180 ? CLASSES[inner] : classOf(inner);
					if (innerKind === LETTER || innerKind === DIGIT) {
						if (inner >= 0x80) {
							plain = false;
							if (inner < 0x180) marks |= MARK_CODES[inner];
						}
						hash = (Math.imul(hash, 31) + inner) | 0;
						end++;
					} else if (innerKind === FOLDED) {
						marks |= MARK_CODES[inner];
						hash = (Math.imul(hash, 31) + FOLD_FIRST[inner]) | 0;
						if (FOLD_SECOND[inner] !== 0) hash = (Math.imul(hash, 31) + FOLD_SECOND[inner]) | 0;
						end++;
					} else if ((innerKind === APOSTROPHE || innerKind === HYPHEN) && end > at && isWordCode(codeAt(text, end + 1))) {
						plain = false;
						if (innerKind === APOSTROPHE) {
							// l'avis: le, then avis on the next round.
							const size = end - at;
							if (size === 1) {
								const first = text.charCodeAt(at);
								if (first < 0x80) elided = ELIDED_LETTERS[first];
							} else if (size === 2) {
								if (text.charCodeAt(at) === 0x71 && text.charCodeAt(at + 1) === 0x75) elided = ELISIONS.get('qu');
							} else if (size <= 6 && size >= 5) {
								elided = ELISIONS.get(text.slice(at, end));
							}
							if (elided !== undefined) break;
							apostrophes = true;
							hash = (Math.imul(hash, 31) + 0x27) | 0;
						} else {
							hash = (Math.imul(hash, 31) + 0x2d) | 0;
						}
						end++;
					} else {
						break;
					}
				}
				if (elided !== undefined) {
					token = elided.token;
					hash = elided.hash;
					elisions++;
					at = end + 1;
				} else {
					wordStart = at;
					wordEnd = end;
					if (apostrophes && endsInContraction(text, at, end)) contractions++;
					if (plain && listener !== undefined) listener.word(hash, text, at, end);
					at = end;
				}
			}
		} else if (kind === SPACE || kind === OTHER) {
			if (code === 0xbf || code === 0xa1) marks |= SPANISH_MARK;
			at++;
			continue;
		} else if (kind === EMOJI) {
			token = text.slice(at, code >= 0xd800 ? at + 2 : at + 1);
			hash = hashString(token);
			at += token.length;
		} else if (kind === STOP || kind === BANG) {
			let exclaims = false;
			let asks = false;
			while (at < length) {
				const char = text.charCodeAt(at);
				const next = classOf(char);
				if (next === BANG) exclaims = true;
				else if (next !== STOP && next !== SPACE) break;
				if (char === 0x3f) asks = true;
				at++;
			}
			token = exclaims ? EXCLAMATION : asks ? QUESTION : SENTENCE;
			hash = exclaims ? EXCLAMATION_HASH : asks ? QUESTION_HASH : SENTENCE_HASH;
		} else if (kind === FACE) {
			const emoticon = readEmoticon(text, at);
			if (emoticon !== undefined) {
				token = emoticon.token;
				hash = token === SMILE ? SMILE_HASH : FROWN_HASH;
				at = emoticon.end;
			} else {
				at++;
				if (code !== 0x3a && code !== 0x3b) continue;
				token = CLAUSE;
				hash = CLAUSE_HASH;
			}
		} else if (kind === COMMA) {
			token = CLAUSE;
			hash = CLAUSE_HASH;
			at++;
		} else if (kind === HYPHEN) {
			// A dash that opens a line or stands alone separates clauses ("-Du début", " - ").
			const before = at > 0 ? text.charCodeAt(at - 1) : 0x20;
			while (codeAt(text, at) === 0x2d) at++;
			if (isWordCode(before)) continue;
			token = CLAUSE;
			hash = CLAUSE_HASH;
		} else {
			at++;
			continue;
		}

		// Look the token up (a miss reads only the hashes), and gather the language detector's evidence
		// from the first tokens.
		const wanted = hash === 0 ? 1 : hash;
		let slot = hash & mask;
		let stored = tableHashes[slot];
		while (stored !== 0) {
			if (stored === wanted) {
				const key = keys[slot] as string;
				if (token === undefined ? spells(text, wordStart, wordEnd, key) : key === token) break;
			}
			slot = (slot + 1) & mask;
			stored = tableHashes[slot];
		}
		if (tokens.length < sample) {
			if (stored !== 0 && tablePoints[slot] !== 0) {
				points += tablePoints[slot];
			} else if (token === undefined && wordEnd - wordStart > 4) {
				// -ly, -ed (quickly, arrived): a weak English hint.
				const last = text.charCodeAt(wordEnd - 1);
				const before = text.charCodeAt(wordEnd - 2);
				if ((last === 0x79 && before === 0x6c) || (last === 0x64 && before === 0x65)) points += englishHint;
			}
		}
		if (stored === 0) {
			tokens.push(token ?? '');
			found.push(undefined);
		} else {
			tokens.push(keys[slot] as string);
			found.push(values[slot]);
		}
	}
	return { tokens, found, points, elisions, contractions, marks };
}
