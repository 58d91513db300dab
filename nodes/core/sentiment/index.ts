/**
 * Sentiment of a customer comment, in English or French.
 *
 *   analyzeSentiment('Livraison très en retard, mais le SAV a été super')
 *   → { score: 5, comparative: 0.5, label: 'positive', language: 'fr', reasons: [...] }
 *
 * - English: the `sentiment` package's AFINN-165 list, emoji list and negators (english.ts).
 * - French: CLiPS Pattern's adjective lexicon plus a customer-feedback vocabulary (french.ts).
 * - Both: negation with a scope, intensifiers and diminishers, contrast (but/mais), `!`, emoticons,
 *   ratings such as 9/10 (scorer.ts, text.ts).
 * - The language is detected per comment (language.ts) unless the caller sets it. A comment in another
 *   language is `unknown`, not guessed.
 *
 * Labels (see LABEL_THRESHOLD): `comparative` is the score per word. Above +LABEL_THRESHOLD the comment
 * is positive, below −LABEL_THRESHOLD negative, otherwise neutral: a net score under one point per
 * hundred words is noise from weak words, not an opinion. `unknown` means we could not read it: no
 * comment, or a language other than English and French.
 *
 * Pure and synchronous; everything built once at module load, nothing kept between calls.
 * See README.md in this folder for the rules and SOURCES.md for the word lists.
 */
import { english } from './english';
import { french } from './french';
import { DECISIVE_MARGIN, detect, judge } from './language';
import type { Judgement, Language } from './language';
import { VOCABULARY } from './vocabulary';
import { AFTER_CONTRAST, BEFORE_CONTRAST, EXCLAMATION, score } from './scorer';
import type { Grammar, Scored, ScoredWord } from './scorer';
import { BAD_RATING, FROWN, GOOD_RATING, SMILE, tokenize } from './text';
import type { WordListener } from './text';
import { foldAccents } from '../textFolding';

export type { Language as SentimentLanguage } from './language';

export type SentimentLabel = 'positive' | 'neutral' | 'negative' | 'unknown';

export interface SentimentResult {
	/** Sum of the word values (AFINN scale per word), after negation, modifiers and contrast. */
	score: number;
	/** `score` per word of the comment. */
	comparative: number;
	label: SentimentLabel;
	/** The language the comment was scored in; null when it was not scored as English or French. */
	language: Language | null;
	/** Short explanations, for people reading the workflow's output. */
	reasons: string[];
}

export interface SentimentOptions {
	/** `auto` (the default) detects the language per comment; `en` or `fr` forces it. */
	language?: 'auto' | 'en' | 'fr';
	/**
	 * The response's locale or language (`fr-FR`, `en`, `French`…), when the survey tool gave one. With
	 * `auto` it is the prior: it decides when the comment is short or ambiguous, and only a text that is
	 * clearly in another language overrides it (see `DECISIVE_MARGIN` in language.ts). Other locales
	 * (`de-DE`) are no hint.
	 */
	locale?: string | null;
}

/** |comparative| at or below this is neutral. */
export const LABEL_THRESHOLD = 0.01;

/** How many words, negations and modifiers the reasons name at most, each. */
const REASONS_PER_KIND = 3;

const NAMES: Readonly<Record<Language, string>> = { en: 'English', fr: 'French' };
const GRAMMARS: Readonly<Record<Language, Grammar>> = { en: english, fr: french };
const DISPLAY: Readonly<Record<string, string>> = {
	[SMILE]: 'smiley',
	[FROWN]: 'frowning emoticon',
	[GOOD_RATING]: 'high rating',
	[BAD_RATING]: 'low rating',
};

const round = (value: number, factor: 100 | 10000): number => {
	const rounded = Math.round(value * factor) / factor;
	return rounded === 0 ? 0 : rounded;
};
const show = (word: string): string => {
	const first = word.charCodeAt(0);
	if (first === 60) return DISPLAY[word] ?? word;
	// A phrase of cx-en.json / cx-fr.json ("~does-the-job"), shown as words.
	return first === 126 ? `'${word.slice(1).replace(/-/g, ' ')}'` : `'${word}'`;
};
const signed = (value: number): string => (value > 0 ? `+${round(value, 100)}` : `${round(value, 100)}`);

const LABEL_REASONS: Readonly<Record<Exclude<SentimentLabel, 'unknown'>, string>> = {
	positive: `label: positive (score per word above +${LABEL_THRESHOLD})`,
	negative: `label: negative (score per word below −${LABEL_THRESHOLD})`,
	neutral: `label: neutral (score per word between −${LABEL_THRESHOLD} and +${LABEL_THRESHOLD})`,
};
const LANGUAGE_REASONS: Readonly<Record<Language, { detected: string; set: string }>> = {
	en: { detected: 'language: English (detected)', set: 'language: English (set by caller)' },
	fr: { detected: 'language: French (detected)', set: 'language: French (set by caller)' },
};

/** The longest locale a reason quotes; a longer one is cut (a locale is a short code). */
const LOCALE_SHOWN = 20;

/** The language a locale names: `fr`, `fr-CA`, `fr_FR`, `French`, `Français` → fr; others undefined. */
export function localeLanguage(locale: string | null | undefined): Language | undefined {
	if (typeof locale !== 'string') return undefined;
	const code = foldAccents(locale.trim().toLowerCase());
	const primary = code.split(/[-_\s.@]/, 1)[0];
	if (primary === 'fr' || primary === 'fra' || primary === 'fre' || primary === 'french' || primary === 'francais') return 'fr';
	if (primary === 'en' || primary === 'eng' || primary === 'english' || primary === 'anglais') return 'en';
	return undefined;
}

function localeReason(name: string, locale: string, how: 'from' | 'agrees' | 'over'): string {
	const shown = locale.trim().length > LOCALE_SHOWN ? `${locale.trim().slice(0, LOCALE_SHOWN)}…` : locale.trim();
	if (how === 'from') return `language: ${name} (from the response's locale ${shown})`;
	if (how === 'agrees') return `language: ${name} (detected; the response's locale ${shown} agrees)`;
	return `language: ${name} (detected: the text is clearly ${name}, over the response's locale ${shown})`;
}

/** Whether the text's own verdict leads the hinted language clearly enough to overrule it. */
function overrides(judgement: Judgement, hint: Language): boolean {
	const { verdict } = judgement;
	if (verdict === 'none') return false;
	const lead = verdict === 'other' ? judgement.other : verdict === 'en' ? judgement.english : judgement.french;
	return lead - (hint === 'en' ? judgement.english : judgement.french) >= DECISIVE_MARGIN;
}

function unknown(reason: string): SentimentResult {
	return { score: 0, comparative: 0, label: 'unknown', language: null, reasons: [reason] };
}

function labelOf(comparative: number): Exclude<SentimentLabel, 'unknown'> {
	if (comparative > LABEL_THRESHOLD) return 'positive';
	if (comparative < -LABEL_THRESHOLD) return 'negative';
	return 'neutral';
}

/** "positive: 'great' +4.5, 'good' +3": the strongest words of one sign, strongest first. */
function strongest(words: readonly ScoredWord[], sign: 1 | -1, title: string): string | undefined {
	const top: ScoredWord[] = [];
	for (const word of words) {
		if (word.value * sign <= 0) continue;
		let at = top.length;
		while (at > 0 && top[at - 1].value * sign < word.value * sign) at--;
		if (at < REASONS_PER_KIND) {
			top.splice(at, 0, word);
			if (top.length > REASONS_PER_KIND) top.pop();
		}
	}
	if (top.length === 0) return undefined;
	let text = title;
	for (let index = 0; index < top.length; index++) {
		text += `${index === 0 ? ' ' : ', '}${show(top[index].word)} ${signed(top[index].value)}`;
	}
	return text;
}

function modifierEffect(factor: number): string {
	if (factor < 0) return 'weakly negates';
	return factor > 1 ? 'strengthens' : 'softens';
}

function explain(name: string, scored: Scored, reasons: string[]): void {
	const irrealis = scored.irrealis === undefined ? undefined : `${name}: ${show(scored.irrealis)}: what might have been does not count`;
	if (scored.words.length === 0) {
		reasons.push('no sentiment words found');
		if (irrealis !== undefined) reasons.push(irrealis);
		return;
	}
	const positive = strongest(scored.words, 1, 'positive:');
	const negative = strongest(scored.words, -1, 'negative:');
	if (positive !== undefined) reasons.push(positive);
	if (negative !== undefined) reasons.push(negative);
	let negations = 0;
	let modifiers = 0;
	for (const word of scored.words) {
		if (word.negator !== undefined && negations < REASONS_PER_KIND) {
			reasons.push(`${name}: negated ${show(word.word)} (${word.negator})`);
			negations++;
		}
		if (word.modifier !== undefined && word.modifierFactor !== 1 && modifiers < REASONS_PER_KIND) {
			reasons.push(`${name}: '${word.modifier}' ${modifierEffect(word.modifierFactor ?? 1)} ${show(word.word)}`);
			modifiers++;
		}
	}
	if (scored.contrast !== undefined) {
		reasons.push(`${name}: contrast '${scored.contrast}': what follows counts ${AFTER_CONTRAST}×, what precedes ${BEFORE_CONTRAST}×`);
	}
	if (irrealis !== undefined) reasons.push(irrealis);
	if (scored.savingGrace !== undefined) {
		reasons.push(`${name}: saving grace '${scored.savingGrace.replace(/-/g, ' ')}': what follows it in its sentence counts ${BEFORE_CONTRAST}×`);
	}
	if (scored.described > 0) {
		const words = scored.described === 1 ? 'a genre word (fear, darkness, tragedy) describes' : `${scored.described} genre words (fear, darkness, tragedy) describe`;
		reasons.push(`${name}: ${words} the work reviewed and did not count`);
	}
	if (scored.questioned > 0) {
		reasons.push(`'?': ${scored.questioned === 1 ? 'a word' : `${scored.questioned} words`} in a question did not count (asked, not asserted)`);
	}
	if (scored.exclamations > 0) {
		reasons.push(`'!' strengthens ${scored.exclamations === 1 ? 'a sentence' : `${scored.exclamations} sentences`} (${EXCLAMATION}×)`);
	}
}

/** English, French, or null for any other language or a comment with no words to tell. */
export function detectLanguage(text: string | null | undefined): Language | null {
	if (typeof text !== 'string') return null;
	const verdict = detect(tokenize(text.toLowerCase(), VOCABULARY));
	return verdict === 'en' || verdict === 'fr' ? verdict : null;
}

/**
 * Scores one comment. Never throws; `null`, `undefined` and blank text are `unknown` ("no comment").
 * `words`, when given, is told of the comment's words as they are read (see readComment in ../comment.ts).
 */
export function analyzeSentiment(text: string | null | undefined, options: SentimentOptions = {}, words?: WordListener): SentimentResult {
	if (typeof text !== 'string' || text.trim() === '') return unknown('no comment');
	const tokenized = tokenize(text.toLowerCase(), VOCABULARY, words);
	const reasons: string[] = [];
	let language: Language;
	let recognized = true;
	if (options.language === 'en' || options.language === 'fr') {
		language = options.language;
		reasons.push(LANGUAGE_REASONS[language].set);
	} else {
		const judgement = judge(tokenized);
		const { verdict } = judgement;
		const hint = localeLanguage(options.locale);
		const locale = options.locale ?? '';
		if (hint !== undefined && (verdict === hint || !overrides(judgement, hint))) {
			// Short or ambiguous, or the text agrees: the response's locale is the prior and decides.
			language = hint;
			reasons.push(localeReason(NAMES[hint], locale, verdict === hint && overrides(judgement, hint === 'en' ? 'fr' : 'en') ? 'agrees' : 'from'));
		} else if (verdict === 'other') {
			return unknown(
				hint === undefined
					? 'language not recognised (neither English nor French)'
					: `language not recognised (neither English nor French, although the response's locale is ${locale.trim().slice(0, LOCALE_SHOWN)})`,
			);
		} else if (verdict === 'none') {
			// No word either language knows: emoji, emoticons and ratings can still speak.
			language = 'en';
			recognized = false;
		} else {
			language = verdict;
			reasons.push(hint === undefined ? LANGUAGE_REASONS[language].detected : localeReason(NAMES[language], locale, 'over'));
		}
	}
	const scored = score(GRAMMARS[language], tokenized.tokens, tokenized.found);
	if (!recognized) {
		if (scored.words.length === 0) return unknown('language not recognised');
		reasons.push('language not recognised: scored emoji, emoticons and ratings only');
	}
	const comparative = scored.wordCount > 0 ? scored.score / scored.wordCount : 0;
	const label = labelOf(comparative);
	reasons.push(LABEL_REASONS[label]);
	explain(NAMES[language], scored, reasons);
	return {
		score: round(scored.score, 100),
		comparative: round(comparative, 10000),
		label,
		language: recognized ? language : null,
		reasons,
	};
}
