/**
 * How a language's grammar is assembled from its word lists, the same way for English and French:
 * adverbs derived from the lexicon's adjectives (any listed word overrides them), the lexicon, the
 * fixed phrases, then what reads the same in every language: the `sentiment` package's emoji list,
 * emoticons and ratings.
 */
import emoji from 'sentiment/build/emoji.json';

import type { CxVocabulary } from './cx';
import { buildGrammar, isFunctionWord } from './scorer';
import type { Grammar, GrammarSpec } from './scorer';
import { BAD_RATING, FROWN, GOOD_RATING, SMILE } from './text';

/** Emoticons and ratings, the same in both languages. */
export const SIGNS: Readonly<Record<string, number>> = {
	[SMILE]: 2,
	[FROWN]: -2,
	xd: 2,
	[GOOD_RATING]: 3,
	[BAD_RATING]: -3,
};

export interface LanguageLists {
	/** Every word with its score: the base lexicon, the CX vocabulary and its neutral words. */
	lexicon: Readonly<Record<string, number>>;
	/** The adverbs the language derives; `isFunctionWord` tells the grammar's negators, modifiers… */
	adverbs: (isFunctionWord: (word: string) => boolean) => Record<string, number>;
	/** Scores of the phrase tokens written in the language file. */
	phraseLabels: Readonly<Record<string, number>>;
	cx: CxVocabulary;
}

export function buildLanguageGrammar(base: Omit<GrammarSpec, 'labels'>, lists: LanguageLists): Grammar {
	const withoutAdverbs = buildGrammar({ ...base, labels: {} });
	const labels: Record<string, number> = {
		...lists.adverbs((word) => isFunctionWord(withoutAdverbs, word)),
		...lists.lexicon,
		...lists.phraseLabels,
		...lists.cx.phraseLabels,
		...emoji,
		...SIGNS,
	};
	return buildGrammar({ ...base, labels });
}
