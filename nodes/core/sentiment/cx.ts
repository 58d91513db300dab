/**
 * Reads a hand-curated customer-feedback vocabulary (cx-en.json, cx-fr.json; see README.md) into what a
 * grammar takes:
 * - `groups`: words, one score per group (every inflected form listed);
 * - `phrases`: fixed expressions and idioms that carry the whole meaning of a short comment ("does the
 *   job", "room for improvement", "personne ne répond", "aux abonnés absents"), one score per group, in the
 *   style of VADER's idioms. Each phrase is read as one token by the scorer, in the same single pass, so a
 *   negator before it negates it ("won't order again") unless its group is `fixed` (never negated:
 *   "never again", "sans souci"). Written in ordinary spelling; folded here as the tokenizer folds text
 *   (lower case, no accents, French elisions spelled out: "qu'on" → "que on", "l'écoute" → "le ecoute").
 *   A phrase may name a family in braces, one alternative per `|`: "{order|buy} from {them|here} again"
 *   stands for the four phrases it spells, so that a family is written once, not one variant at a time.
 * - `aliases`: abbreviations customers write (French SAV shorthand: pb, tjrs, rép…; English thx, pls…),
 *   read as the word they stand for, or as the phrase (RAS: "rien à signaler");
 * - `neutral`: words of the base lexicon that name the thing judged in customer feedback (AFINN's
 *   "support", "quality", "charges"; "frais", fees, which the French lexicon reads as "fresh"), scored 0.
 */
import { FRENCH_ELISIONS, foldAccents, splitOnWhitespace } from '../textFolding';

export interface CxVocabularyFile {
	groups: ReadonlyArray<{ score: number; forms: readonly string[] }>;
	phrases?: ReadonlyArray<{ score: number; fixed?: boolean; phrases: readonly string[] }>;
	aliases?: ReadonlyArray<{ forms: Readonly<Record<string, string>> }>;
	/** Words of the base lexicon that name the thing judged in customer feedback: scored 0. */
	neutral?: { forms: readonly string[] };
}

export interface CxVocabulary {
	labels: Record<string, number>;
	/** Phrase (tokens joined by spaces) → its token. */
	phrases: Record<string, string>;
	/** Phrase token → score. */
	phraseLabels: Record<string, number>;
	/** Phrase tokens never negated. */
	fixed: string[];
	/** Abbreviation → the word it stands for. */
	aliases: Record<string, string>;
	/** Base-lexicon words scored 0 (see CxVocabularyFile.neutral). */
	neutral: Record<string, number>;
}

/** The tokens of a phrase, as the tokenizer reads them (text.ts). */
export function phraseTokens(phrase: string, french: boolean): string[] {
	const tokens: string[] = [];
	for (const word of splitOnWhitespace(foldAccents(phrase.toLowerCase()))) {
		const apostrophe = word.indexOf("'");
		const elided = apostrophe > 0 ? FRENCH_ELISIONS.get(word.slice(0, apostrophe)) : undefined;
		if (french && elided !== undefined) tokens.push(elided, word.slice(apostrophe + 1));
		else tokens.push(word);
	}
	return tokens;
}

/** "{order|buy} from {them|here} again" → the four phrases it spells; a phrase without braces → itself. */
export function expandAlternatives(phrase: string): string[] {
	return spell(phrase).map((spelled) => spelled.replace(/\s+/g, ' ').trim());
}

function spell(phrase: string): string[] {
	const open = phrase.indexOf('{');
	if (open < 0) return [phrase];
	const close = phrase.indexOf('}', open);
	if (close < 0) throw new Error(`CX phrase "${phrase}" opens a '{' it does not close`);
	const head = phrase.slice(0, open);
	const tails = spell(phrase.slice(close + 1));
	const spelled: string[] = [];
	for (const alternative of phrase.slice(open + 1, close).split('|')) {
		for (const tail of tails) spelled.push(`${head}${alternative}${tail}`);
	}
	return spelled;
}

export function readCxVocabulary(file: CxVocabularyFile, french: boolean): CxVocabulary {
	const vocabulary: CxVocabulary = { labels: {}, phrases: {}, phraseLabels: {}, fixed: [], aliases: {}, neutral: {} };
	for (const form of file.neutral?.forms ?? []) vocabulary.neutral[form] = 0;
	for (const group of file.groups) for (const form of group.forms) vocabulary.labels[form] = group.score;
	for (const group of file.phrases ?? []) {
		for (const phrase of group.phrases.flatMap(expandAlternatives)) {
			const spellings = [phraseTokens(phrase, french)];
			// "can't fault" is also written "cant fault".
			if (!french && phrase.includes("'")) spellings.push(phraseTokens(phrase.replace(/'/g, ''), false));
			for (const tokens of spellings) {
				const token = `~${tokens.join('-')}`;
				vocabulary.phrases[tokens.join(' ')] = token;
				vocabulary.phraseLabels[token] = group.score;
				if (group.fixed === true) vocabulary.fixed.push(token);
			}
		}
	}
	for (const group of file.aliases ?? []) {
		for (const [alias, meaning] of Object.entries(group.forms)) {
			// An abbreviation of a whole phrase ("RAS", rien à signaler) reads as that phrase's token.
			vocabulary.aliases[alias] = meaning.includes(' ') ? `~${phraseTokens(meaning, french).join('-')}` : meaning;
		}
	}
	return vocabulary;
}
