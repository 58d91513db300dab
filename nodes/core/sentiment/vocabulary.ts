/**
 * One table for every token either language knows: its function-word points for the language detector
 * and its entries in the English and French grammars. The tokenizer looks each token up as it reads it
 * (text.ts), and the detector and the scorer read the result.
 *
 * The table is open addressing on the hash the tokenizer computes while reading each token
 * (`hashString`), so a look-up costs a probe and, on a hash match, one string comparison: most tokens
 * are not in the table and miss at once. The table is kept at most a quarter full: most tokens miss, and a
 * miss probes until an empty slot (about 1.4 probes at a quarter, 2 at 40 %, which the CX vocabulary reached).
 */
import { english } from './english';
import { french } from './french';
import { ENGLISH_POINT, SAMPLE, functionWordPoints } from './language';
import type { TokenInfo } from './language';
import { hashString } from './text';
import type { Vocabulary } from './text';

function build(): Vocabulary<TokenInfo> {
	const points = functionWordPoints();
	const tokens = new Set([...points.keys(), ...english.entries.keys(), ...french.entries.keys()]);
	let size = 1;
	while (size < tokens.size * 4) size *= 2;
	const mask = size - 1;
	const hashes = new Int32Array(size);
	const slotPoints = new Float64Array(size);
	const keys = new Array<string | undefined>(size).fill(undefined);
	const values = new Array<TokenInfo>(size);
	const none: TokenInfo = { points: 0, english: undefined, french: undefined };
	values.fill(none);
	for (const token of tokens) {
		const hash = hashString(token);
		let slot = hash & mask;
		while (hashes[slot] !== 0) slot = (slot + 1) & mask;
		hashes[slot] = hash === 0 ? 1 : hash;
		keys[slot] = token;
		slotPoints[slot] = points.get(token) ?? 0;
		values[slot] = { points: slotPoints[slot], english: english.entries.get(token), french: french.entries.get(token) };
	}
	return { hashes, points: slotPoints, keys, values, mask, sample: SAMPLE, englishHint: ENGLISH_POINT };
}

export const VOCABULARY: Vocabulary<TokenInfo> = build();
