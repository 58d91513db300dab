import Sentiment from 'sentiment';

import { LABEL_THRESHOLD, analyzeSentiment, detectLanguage } from '../../nodes/core/sentiment';
import type { SentimentLabel, SentimentResult } from '../../nodes/core/sentiment';
import { expandAlternatives } from '../../nodes/core/sentiment/cx';
import { english } from '../../nodes/core/sentiment/english';
import { french } from '../../nodes/core/sentiment/french';
import { detect } from '../../nodes/core/sentiment/language';
import { AFTER_CONTRAST, BEFORE_CONTRAST, lookUpIn, score } from '../../nodes/core/sentiment/scorer';
import { BAD_RATING, CLAUSE, EXCLAMATION, GOOD_RATING, SENTENCE, SMILE, hashString, tokenize } from '../../nodes/core/sentiment/text';
import { VOCABULARY } from '../../nodes/core/sentiment/vocabulary';
import shortCx from '../fixtures/sentiment/short-cx.json';

const analyze = (text: string, language?: 'auto' | 'en' | 'fr'): SentimentResult =>
	analyzeSentiment(text, language === undefined ? undefined : { language });
const scoreOf = (text: string, language?: 'auto' | 'en' | 'fr'): number => analyze(text, language).score;
const tokensOf = (text: string): string[] => tokenize(text.toLowerCase(), VOCABULARY).tokens;
const hasReason = (result: SentimentResult, pattern: RegExp): boolean => result.reasons.some((reason) => pattern.test(reason));
/** One test per comment: detected language, the expected label. */
const itReadsAs = (cases: Array<[string, SentimentLabel]>): void => {
	it.each(cases)('reads %p as %s', (text, label) => {
		expect(analyzeSentiment(text).label).toBe(label);
	});
};

describe('empty comments', () => {
	it.each([[''], ['   '], ['\n\t '], [null], [undefined]])('%p is unknown with the reason "no comment"', (text) => {
		expect(analyzeSentiment(text)).toEqual({ score: 0, comparative: 0, label: 'unknown', language: null, reasons: ['no comment'] });
	});
});

describe('labels', () => {
	it('labels by the score per word, with a documented threshold', () => {
		const positive = analyze('The staff were friendly and helpful');
		expect(positive.comparative).toBeGreaterThan(LABEL_THRESHOLD);
		expect(positive.label).toBe('positive');
		const negative = analyze('The staff were rude and unhelpful');
		expect(negative.comparative).toBeLessThan(-LABEL_THRESHOLD);
		expect(negative.label).toBe('negative');
	});

	it('is neutral when no word carries sentiment, and says so', () => {
		const result = analyze('The parcel arrived on Tuesday.');
		expect(result).toMatchObject({ score: 0, comparative: 0, label: 'neutral', language: 'en' });
		expect(result.reasons).toContain('no sentiment words found');
	});

	it('is neutral when the words cancel out', () => {
		expect(analyze('The food was great and the service was terrible').label).toBe('neutral');
	});

	it('is neutral when a long comment has a tiny net score', () => {
		const filler = ' the parcel came on the day they said it would and the box was the usual size'.repeat(10);
		const result = analyze(`It was ok${filler}, and one thing was slightly disappointing.`);
		expect(result.score).toBeLessThan(0);
		expect(Math.abs(result.comparative)).toBeLessThanOrEqual(LABEL_THRESHOLD);
		expect(result.label).toBe('neutral');
	});

	it('explains the label and the strongest words', () => {
		const result = analyze('Excellent service, awful parking');
		expect(result.reasons).toContain('language: English (detected)');
		expect(hasReason(result, /^label: (positive|negative|neutral) \(score per word/)).toBe(true);
		expect(hasReason(result, /^positive: 'excellent' \+3/)).toBe(true);
		expect(hasReason(result, /^negative: 'awful' -3/)).toBe(true);
	});
});

describe('English uses the sentiment package (AFINN-165)', () => {
	const raw = new Sentiment();
	it.each([
		'I love this place',
		'This is bad',
		'Good food and great service',
		'The room was dirty and the staff rude',
		'not good',
		"Don't worry",
	])('scores %p as sentiment.analyze does when no extension applies', (text) => {
		expect(scoreOf(text, 'en')).toBe(raw.analyze(text).score);
	});

	it('knows its emoji', () => {
		expect(analyze('Great job 👍').score).toBeGreaterThan(analyze('Great job').score);
		expect(analyze('😡').label).toBe('negative');
	});
});

describe('negation, English', () => {
	it.each([
		['not good', 'good'],
		["wasn't good", 'good'],
		["didn't like it", 'like'],
		['not a good place', 'good'],
		["wasn't very good", 'good'],
		['never disappointed', 'disappointed'],
		['no problem at all', 'problem'],
		['without any doubt', 'doubt'],
	])('%p negates %p', (text, word) => {
		const result = analyze(text, 'en');
		expect(hasReason(result, new RegExp(`negated '${word}'`))).toBe(true);
	});

	it('flips the sign', () => {
		expect(scoreOf('good', 'en')).toBeGreaterThan(0);
		expect(scoreOf("wasn't good", 'en')).toBeLessThan(0);
		expect(scoreOf('bad', 'en')).toBeLessThan(0);
		expect(scoreOf('not bad', 'en')).toBeGreaterThan(0);
	});

	it('reaches three tokens, no further', () => {
		expect(scoreOf('not at all good', 'en')).toBeLessThan(0);
		expect(scoreOf('not at all in any way good', 'en')).toBeGreaterThan(0);
	});

	it('stops at punctuation and at "but"', () => {
		expect(scoreOf('Not cheap. Great food', 'en')).toBeGreaterThan(0);
		expect(scoreOf('Not cheap, great food', 'en')).toBeGreaterThan(0);
		expect(scoreOf('not cheap but great food', 'en')).toBeGreaterThan(0);
		expect(scoreOf('not great food', 'en')).toBeLessThan(0);
	});

	it('"not only" does not negate, "lacks" does, "never so" intensifies', () => {
		expect(scoreOf('not only good', 'en')).toBeGreaterThan(0);
		expect(scoreOf('It lacks charm', 'en')).toBeLessThan(scoreOf('It lacks', 'en'));
		expect(scoreOf('I have never been treated so badly', 'en')).toBeLessThan(0);
		expect(scoreOf('I have never been treated so badly', 'en')).toBeLessThan(scoreOf('I have been treated badly', 'en'));
	});
});

describe('negation, French', () => {
	it.each([
		["Ce n'est pas bon", 'bon', 'ne … pas'],
		["Je n'aime pas ce produit", 'aime', 'ne … pas'],
		["Je ne le recommande pas", 'recommande', 'ne … pas'],
		['pas bon', 'bon', 'pas'],
		['pas du tout bon', 'bon', 'pas'],
		["Jamais déçu", 'decu', 'jamais'],
		["Je n'ai jamais été satisfait", 'satisfait', 'ne … jamais'],
		['Rien de bon', 'bon', 'rien'],
		["Il n'y a rien de bon", 'bon', 'ne … rien'],
		['Aucun problème', 'probleme', 'aucun'],
		["Le service n'est plus rapide", 'rapide', 'ne … plus'],
		['Livré sans problème', 'probleme', 'sans'],
	])('%p: negated %p (%s)', (text, word, negator) => {
		const result = analyze(text, 'fr');
		expect(result.reasons).toContain(`French: negated '${word}' (${negator})`);
	});

	it('flips the sign', () => {
		expect(scoreOf('bon', 'fr')).toBeGreaterThan(0);
		expect(scoreOf("Ce n'est pas bon", 'fr')).toBeLessThan(0);
		expect(scoreOf('Aucun problème', 'fr')).toBeGreaterThan(0);
		expect(scoreOf('pas mal', 'fr')).toBeGreaterThan(0);
	});

	it('reads "plus" as a negation only after "ne"', () => {
		expect(scoreOf("Le film n'est plus drôle", 'fr')).toBeLessThan(0);
		expect(scoreOf('Le plus drôle des films', 'fr')).toBeGreaterThan(0);
	});

	it('does not cross "mais" or punctuation, and reaches three tokens', () => {
		expect(scoreOf("Ce n'est pas cher mais excellent", 'fr')).toBeGreaterThan(scoreOf("Ce n'est pas cher", 'fr'));
		expect(hasReason(analyze('Pas cher mais excellent', 'fr'), /negated 'excellent'/)).toBe(false);
		expect(hasReason(analyze('Pas encore. Excellent.', 'fr'), /negated 'excellent'/)).toBe(false);
		expect(hasReason(analyze('Pas encore, excellent', 'fr'), /negated 'excellent'/)).toBe(false);
		expect(hasReason(analyze('pas vraiment du tout bon', 'fr'), /negated 'bon'/)).toBe(true);
		expect(hasReason(analyze('pas de souci avec le colis : bon', 'fr'), /negated 'bon'/)).toBe(false);
	});

	it('reads "pas terrible" as mediocre and "pas top" as not great', () => {
		expect(scoreOf('terrible', 'fr')).toBeLessThan(0);
		expect(scoreOf('pas terrible', 'fr')).toBeLessThan(0);
		expect(scoreOf("Ce n'est pas top", 'fr')).toBeLessThan(0);
	});
});

describe('French elisions', () => {
	it.each([
		["l'excellent", ['le', 'excellent']],
		["d'excellente qualité", ['de', 'excellente', 'qualite']],
		["j'adore", ['je', 'adore']],
		["qu'il", ['que', 'il']],
		["n'aime", ['ne', 'aime']],
		["c'est", ['ce', 'est']],
		["s'est", ['se', 'est']],
		["m'a", ['me', 'a']],
		["jusqu'à", ['jusque', 'a']],
	])('%p is split into %p', (text, tokens) => {
		expect(tokensOf(text)).toEqual(tokens);
	});

	it("splits presqu' like the other elisions, as the topic tagger does (one elision table, textFolding.ts)", () => {
		const tokenized = tokenize("presqu'impeccable", VOCABULARY);
		expect(tokenized.elisions).toBe(1);
		expect(tokenized.tokens).toHaveLength(2);
	});

	it('splits the typographic apostrophe the same way', () => {
		expect(tokensOf('l’excellent accueil')).toEqual(['le', 'excellent', '']);
		expect(scoreOf('Je n’aime pas', 'fr')).toBe(scoreOf("Je n'aime pas", 'fr'));
		expect(scoreOf('Je n’aime pas', 'fr')).toBeLessThan(0);
	});

	it('finds the word after an elision', () => {
		expect(analyze("l'accueil était d'une efficacité remarquable, c'est l'excellence", 'fr').label).toBe('positive');
		expect(hasReason(analyze("l'excellent service"), /'excellent'/)).toBe(true);
	});

	it('leaves English contractions and other apostrophes alone', () => {
		expect(tokensOf("don't")).toEqual(["don't"]);
		expect(tokensOf("aujourd'hui")).toHaveLength(1);
		const contracted = tokenize("it's great, isn't it", VOCABULARY);
		expect(contracted.contractions).toBe(2);
		expect(contracted.elisions).toBe(0);
	});
});

describe('accents and case', () => {
	it.each([['TRÈS BON'], ['Très bon'], ['tres bon'], ['TRES BON'], ['trés bon']])('%p scores like "très bon"', (text) => {
		expect(scoreOf(text, 'fr')).toBe(scoreOf('très bon', 'fr'));
		expect(scoreOf(text, 'fr')).toBeGreaterThan(scoreOf('bon', 'fr'));
	});

	it('folds œ and ç', () => {
		expect(tokensOf('chef-d’œuvre')).toEqual(["chef-d'oeuvre"]);
		expect(scoreOf('Déçu', 'fr')).toBe(scoreOf('decu', 'fr'));
		expect(scoreOf('déçu', 'fr')).toBeLessThan(0);
	});

	it('hashes a word while reading it as hashString hashes the folded key', () => {
		// A word is found in the vocabulary only if both hashes agree (unknown words come out empty).
		const accented = ['Intéressant', 'DÉÇU', 'Chef-d’Œuvre', 'réussite', 'très', 'évitez', 'arnaqué'];
		for (const word of accented) {
			const [token] = tokensOf(word);
			expect(token).not.toBe('');
			expect(hashString(token)).toBe(hashString(word.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace('œ', 'oe').replace('’', "'")));
		}
		expect(tokensOf('Intéressant, déçu, xyzzy')).toEqual(['interessant', CLAUSE, 'decu', CLAUSE, '']);
	});
});

describe('contrast', () => {
	it('weighs what follows "but" more and what precedes it less', () => {
		const and = analyze('The food was great and the service was terrible', 'en');
		const but = analyze('The food was great but the service was terrible', 'en');
		expect(and.label).toBe('neutral');
		expect(but.label).toBe('negative');
		// great +3 × 0.5, terrible −3 × 1.5
		expect(but.score).toBe(-3);
		expect([BEFORE_CONTRAST, AFTER_CONTRAST]).toEqual([0.5, 1.5]);
		expect(analyze('The service was terrible but the food was great', 'en').label).toBe('positive');
		expect(hasReason(but, /^English: contrast 'but'/)).toBe(true);
	});

	it('does the same with "mais" in French, also across a full stop', () => {
		expect(analyze('La cuisine est bonne mais le service est nul', 'fr').label).toBe('negative');
		expect(analyze('Le service est nul mais la cuisine est bonne', 'fr').label).toBe('positive');
		expect(analyze('Le service est nul. Mais la cuisine est bonne.', 'fr').label).toBe('positive');
		expect(analyze('Livraison très en retard, mais le SAV a été super').label).toBe('positive');
	});

	it('only within its sentence', () => {
		const separate = scoreOf('The food was great. The staff were nice but the wait was awful.', 'en');
		// "great" is in another sentence: +3 as is; "nice" +3 × 0.5, "awful" −3 × 1.5.
		expect(separate).toBe(0);
		expect(scoreOf('The staff were nice but the wait was awful.', 'en')).toBe(-3);
	});
});

describe('intensifiers and diminishers', () => {
	it.each([
		['very good', 'good', 'en'],
		['really bad', 'bad', 'en'],
		['très bon', 'bon', 'fr'],
		['vraiment nul', 'nul', 'fr'],
		['trop long', 'long', 'fr'],
		['tellement déçu', 'déçu', 'fr'],
		['super bon', 'bon', 'fr'],
	])('%p is stronger than %p', (strong, plain, language) => {
		expect(Math.abs(scoreOf(strong, language as 'en' | 'fr'))).toBeGreaterThan(Math.abs(scoreOf(plain, language as 'en' | 'fr')));
		expect(Math.sign(scoreOf(strong, language as 'en' | 'fr'))).toBe(Math.sign(scoreOf(plain, language as 'en' | 'fr')));
	});

	it.each([
		['slightly disappointing', 'disappointing', 'en'],
		['a bit slow', 'slow', 'en'],
		['kind of boring', 'boring', 'en'],
		['un peu long', 'long', 'fr'],
		['assez bon', 'bon', 'fr'],
		['plutôt lent', 'lent', 'fr'],
	])('%p is weaker than %p, same sign', (weak, plain, language) => {
		expect(Math.abs(scoreOf(weak, language as 'en' | 'fr'))).toBeLessThan(Math.abs(scoreOf(plain, language as 'en' | 'fr')));
		expect(Math.sign(scoreOf(weak, language as 'en' | 'fr'))).toBe(Math.sign(scoreOf(plain, language as 'en' | 'fr')));
	});

	it('reads a bare "peu" as a weak negation', () => {
		expect(scoreOf('intéressant', 'fr')).toBeGreaterThan(0);
		expect(scoreOf('peu intéressant', 'fr')).toBeLessThan(0);
		expect(hasReason(analyze('peu intéressant', 'fr'), /'peu' weakly negates 'interessant'/)).toBe(true);
	});

	it('lets "super" and "pretty" be a word or an intensifier', () => {
		expect(scoreOf('Le SAV a été super', 'fr')).toBeGreaterThan(0);
		expect(scoreOf('super bon', 'fr')).toBe(scoreOf('bon', 'fr') * 1.5);
		expect(scoreOf('pretty bad', 'en')).toBe(scoreOf('bad', 'en'));
		expect(scoreOf('a great disappointment', 'en')).toBeLessThan(scoreOf('a disappointment', 'en'));
	});

	it('counts "!" as emphasis', () => {
		expect(scoreOf('Great service!', 'en')).toBeGreaterThan(scoreOf('Great service.', 'en'));
		expect(scoreOf('Service nul !!!', 'fr')).toBeLessThan(scoreOf('Service nul.', 'fr'));
	});
});

describe('other signs', () => {
	it.each([
		[':)', 'positive'],
		[':-(', 'negative'],
		['<3', 'positive'],
		['9/10', 'positive'],
		['2/10', 'negative'],
		['1 star', 'negative'],
		['5 étoiles', 'positive'],
		['4 out of 5', 'positive'],
		['2 sur 10', 'negative'],
	])('%p is %s', (text, label) => {
		expect(analyze(text).label).toBe(label);
	});

	it('ignores middle ratings and dates', () => {
		expect(tokensOf('5/10')).toEqual([]);
		expect(tokensOf('12/10/2023')).not.toContain(GOOD_RATING);
		expect(tokensOf('1/5')).toEqual([BAD_RATING]);
	});

	it('counts "like" only as a verb', () => {
		expect(scoreOf('It tastes like chicken', 'en')).toBe(0);
		expect(scoreOf('I like it', 'en')).toBeGreaterThan(0);
		expect(scoreOf('I did not like it', 'en')).toBeLessThan(0);
	});

	it('reads what the customer expected to happen, and its negation', () => {
		expect(scoreOf('Colis reçu', 'fr')).toBeGreaterThan(0);
		expect(analyze('Colis jamais reçu, aucune réponse du service client').label).toBe('negative');
		expect(analyze('Never received my order').label).toBe('negative');
	});

	it('reads return intent', () => {
		expect(scoreOf('We will be back', 'en')).toBeGreaterThan(0);
		expect(scoreOf("We won't be back", 'en')).toBeLessThan(0);
	});

	it('turns punctuation into boundaries', () => {
		expect(tokensOf('Bien. Top! Bon, nul :)')).toEqual(['bien', SENTENCE, 'top', EXCLAMATION, 'bon', CLAUSE, 'nul', SMILE]);
	});
});

describe('language', () => {
	it.each([
		['The delivery was late and nobody answered my emails.', 'en'],
		['Great!', 'en'],
		['Service was fantastic.', 'en'],
		['Livraison très en retard, mais le SAV a été super', 'fr'],
		["J'ai adoré, merci à toute l'équipe", 'fr'],
		['Nul.', 'fr'],
	])('detects %p as %p', (text, language) => {
		expect(detectLanguage(text)).toBe(language);
		expect(analyze(text).language).toBe(language);
		expect(analyze(text).reasons[0]).toBe(`language: ${language === 'en' ? 'English' : 'French'} (detected)`);
	});

	it.each([
		['El servicio fue muy malo y la comida estaba fría.'],
		['Die Lieferung war sehr spät und der Service war schlecht.'],
		['Il servizio è stato pessimo, non lo consiglio a nessuno.'],
		['O atendimento foi muito ruim e a entrega não chegou.'],
		['Heel slechte service, nooit meer.'],
		['Alles super, gerne wieder'],
	])('does not guess on %p: unknown, language null, with a reason', (text) => {
		expect(detectLanguage(text)).toBeNull();
		expect(analyze(text)).toEqual({
			score: 0,
			comparative: 0,
			label: 'unknown',
			language: null,
			reasons: ['language not recognised (neither English nor French)'],
		});
	});

	it('is unknown when nothing tells the language', () => {
		expect(analyze('xqzt brrr')).toMatchObject({ label: 'unknown', language: null, reasons: ['language not recognised'] });
		expect(detectLanguage('12345')).toBeNull();
		expect(detectLanguage(null)).toBeNull();
	});

	it('still reads emoji and ratings when no word tells the language', () => {
		const result = analyze('10/10 👍');
		expect(result).toMatchObject({ label: 'positive', language: null });
		expect(result.reasons).toContain('language not recognised: scored emoji, emoticons and ratings only');
	});

	it('lets the caller set the language', () => {
		const forced = analyze('Terrible service', 'fr');
		expect(forced.language).toBe('fr');
		expect(forced.reasons[0]).toBe('language: French (set by caller)');
		expect(analyze('Pas bon du tout', 'en').language).toBe('en');
		// Forced English does not know French words.
		expect(scoreOf("Ce n'est pas bon", 'en')).toBe(0);
		expect(scoreOf("Ce n'est pas bon", 'fr')).toBeLessThan(0);
		expect(analyze('El servicio fue muy malo', 'en').language).toBe('en');
		expect(analyze('The parcel arrived', 'auto').language).toBe('en');
	});

	describe("the response's locale as the prior", () => {
		const withLocale = (text: string, locale: string | null, language?: 'auto' | 'en' | 'fr'): SentimentResult =>
			analyzeSentiment(text, { locale, ...(language === undefined ? {} : { language }) });

		it('decides a short or ambiguous comment, and the reason says so', () => {
			// "Super" and "Top" are words of both lexicons: on their own they tell no language.
			expect(analyze('Super').language).toBe('en');
			const super_ = withLocale('Super', 'fr-FR');
			expect(super_).toMatchObject({ language: 'fr', label: 'positive' });
			expect(super_.reasons[0]).toBe("language: French (from the response's locale fr-FR)");
			expect(withLocale('Top', 'fr_CA').language).toBe('fr');
			expect(withLocale('Nul', 'en-GB').reasons[0]).toBe("language: English (from the response's locale en-GB)");
			expect(withLocale('Super', 'French').language).toBe('fr');
		});

		it('gives way to a text that is clearly in the other language, and says so', () => {
			const english = withLocale('The delivery was late and the driver was rude to me, I will not order again', 'fr-FR');
			expect(english).toMatchObject({ language: 'en', label: 'negative' });
			expect(english.reasons[0]).toBe("language: English (detected: the text is clearly English, over the response's locale fr-FR)");
			expect(withLocale('Service was fantastic', 'fr-FR').language).toBe('en');
			const french = withLocale('Le colis est arrivé cassé et le service client ne répond pas', 'en-US');
			expect(french.language).toBe('fr');
			expect(french.reasons[0]).toMatch(/^language: French \(detected: the text is clearly French, over the response's locale en-US\)$/);
		});

		it('says when the text and the locale agree', () => {
			const result = withLocale("Le colis est arrivé cassé et le service client ne répond pas", 'fr-FR');
			expect(result.reasons[0]).toBe("language: French (detected; the response's locale fr-FR agrees)");
		});

		it('does not turn another language into French, and ignores locales of other languages', () => {
			const spanish = withLocale('El servicio fue muy malo y la comida también', 'fr-FR');
			expect(spanish).toMatchObject({ label: 'unknown', language: null });
			expect(spanish.reasons[0]).toMatch(/^language not recognised \(neither English nor French, although the response's locale is fr-FR\)$/);
			expect(withLocale('Super', 'de-DE')).toEqual(analyze('Super'));
			expect(withLocale('Super', null)).toEqual(analyze('Super'));
		});

		it('never overrides a language the caller set', () => {
			const forced = withLocale('Super', 'fr-FR', 'en');
			expect(forced.language).toBe('en');
			expect(forced.reasons[0]).toBe('language: English (set by caller)');
		});
	});

	it('reads only the start of a long comment, and does not overflow its counts', () => {
		const long = "C'est l'été, j'ai reçu le colis et l'emballage était parfait. ".repeat(200);
		expect(detectLanguage(long)).toBe('fr');
		expect(detect(tokenize(long.toLowerCase(), VOCABULARY))).toBe('fr');
	});
});

describe('short customer-service comments (test/fixtures/sentiment/short-cx.json)', () => {
	const exactPolarity = (split?: string): number => {
		const comments = shortCx.comments.filter((comment) => split === undefined || comment.split === split);
		let right = 0;
		for (const comment of comments) {
			if (analyzeSentiment(comment.text).label === (comment.label === 1 ? 'positive' : 'negative')) right++;
		}
		return right / comments.length;
	};

	it('has 3 to 6 words per comment, both languages and both labels, in a dev and a held-out split', () => {
		for (const comment of shortCx.comments) {
			const words = comment.text.split(/\s+/).length;
			expect(words).toBeGreaterThanOrEqual(3);
			expect(words).toBeLessThanOrEqual(6);
		}
		const kinds = new Set(shortCx.comments.map((comment) => `${comment.split} ${comment.language} ${comment.label}`));
		expect(kinds.size).toBe(8);
	});

	it('reads at least 0.9 of them with the right polarity (neutral is wrong), and of the dev split', () => {
		expect(exactPolarity()).toBeGreaterThanOrEqual(0.9);
		expect(exactPolarity('dev')).toBeGreaterThanOrEqual(0.9);
	});

	it('keeps the held-out round, never tuned on, at or above its first score (0.775, see the README)', () => {
		expect(exactPolarity('held-out')).toBeGreaterThanOrEqual(0.775);
	});

	it.each([
		[7, 0.875],
		[10, 0.85],
	])('keeps held-out round %p, never tuned on, at or above its measured score after the changes (%p, see the README): a regression guard', (round, score) => {
		const held = shortCx.comments.filter((comment) => comment.split === 'held-out' && comment.round === round);
		expect(held).toHaveLength(40);
		const right = held.filter((comment) => analyzeSentiment(comment.text).label === (comment.label === 1 ? 'positive' : 'negative'));
		expect(right.length / held.length).toBeGreaterThanOrEqual(score);
	});

	it.each([
		['personne ne répond jamais'], ['colis jamais reçu'], ['SAV injoignable'], ['très déçue du service'], ['Appel coupé trois fois'],
	])('detects French in the short comment %p', (text) => {
		expect(detectLanguage(text)).toBe('fr');
	});

	itReadsAs([
		['It does what it should', 'positive'], ['Room for improvement', 'negative'], ['Won’t be coming back', 'negative'],
		['Nobody answers the phone', 'negative'], ['Call got cut off', 'negative'], ['Peut mieux faire', 'negative'],
		['Plus jamais chez vous', 'negative'], ['Pb de livraison, tjrs rien', 'negative'], ['Fait le job', 'positive'],
		['Je ne reviendrai pas', 'negative'], ['On ne me rappelle jamais', 'negative'],
	]);

	it('negates a negatable phrase and never a fixed one', () => {
		expect(analyze('Would order again').label).toBe('positive');
		expect(analyze('Would not order again').label).toBe('negative');
		expect(hasReason(analyze('Never again'), /^negated/)).toBe(false);
		expect(analyze('Never again').label).toBe('negative');
	});
});

describe('phrase families of customer feedback', () => {
	it('spells a family written with braces as every phrase it stands for', () => {
		expect(expandAlternatives('{order|buy} from {them|here} again')).toEqual([
			'order from them again', 'order from here again', 'buy from them again', 'buy from here again',
		]);
		expect(expandAlternatives('last time i {order|shop} {|here}')).toEqual([
			'last time i order', 'last time i order here', 'last time i shop', 'last time i shop here',
		]);
		expect(expandAlternatives('no braces')).toEqual(['no braces']);
		expect(() => expandAlternatives('{order|buy again')).toThrow(/opens a '\{' it does not close/);
	});

	itReadsAs([
		['Not shopping with them again', 'negative'], ['Last time I shop here', 'negative'], ['Needs to improve', 'negative'],
		['Support takes weeks to reply', 'negative'], ['No queue at all', 'positive'], ['Queues every single time', 'negative'],
		['Fed up with the app', 'negative'], ['The handle snapped off', 'negative'], ['Staff bent over backwards', 'positive'],
		['Store always understaffed', 'negative'], ["C'est la dernière fois que je commande", 'negative'], ['Tout est ok', 'positive'],
		["J'en ai marre du SAV", 'negative'], ['Ras le bol', 'negative'], ['SAV inexistant', 'negative'],
		['Emballage très soigné', 'positive'], ["Le conseiller ne m'a pas aidée", 'negative'],
		["Couldn't have been more helpful", 'positive'], ['The wait was very short', 'positive'], ['Kept us in the loop throughout', 'positive'],
		['Sent from pillar to post', 'negative'], ['Lines always busy', 'negative'], ['Took several calls to sort', 'negative'],
		["Courier didn't even ring the bell", 'negative'], ['Closed my account without notice', 'negative'], ['Prices keep rising', 'negative'],
		['Zero complaints', 'positive'], ['Logs me out every day', 'negative'], ['No refund yet', 'negative'], ['Sorted in one go', 'positive'],
		['They threw in a free sample', 'positive'], ['Colis balancé n’importe où', 'negative'], ['Livreur jamais venu', 'negative'],
		['Baladé d’un service à l’autre', 'negative'], ['Magasin à la ramasse', 'negative'], ['Zéro professionnalisme', 'negative'],
		['Vendeur patient et souriant', 'positive'], ['Je valide ce produit', 'positive'], ['Toujours pas de remboursement', 'negative'],
		['Five star experience', 'positive'], ['Zero stars from me', 'negative'], ['I want my money back', 'negative'],
		['Had to chase them for weeks', 'negative'], ['Wifi keeps dropping', 'negative'], ['Broadband down every evening', 'negative'],
		['Room smelled of damp', 'negative'], ['Will not renew my subscription', 'negative'], ['Toilettes qui puent', 'negative'],
		['Personne ne traite ma demande', 'negative'], ["J'attends encore mon colis", 'negative'], ['Obligée de relancer le SAV', 'negative'],
		['Box qui saute sans arrêt', 'negative'], ["Prélevé alors que j'ai résilié", 'negative'], ['Ils ne comprennent rien', 'negative'],
		['Facture erronée', 'negative'], ['Je ne resterai pas chez eux', 'negative'], ['Accueil aux petits oignons', 'positive'],
		['Cinq étoiles méritées', 'positive'],
	]);

	it('reads a neutral phrase as no judgement: "jeter un œil" is to take a look', () => {
		expect(analyze('Jetez un oeil au site').label).toBe('neutral');
		expect(analyze('Colis jeté par le livreur').label).toBe('negative');
	});

	it('reads an abbreviation of a whole phrase as the phrase: RAS is "rien à signaler"', () => {
		expect(scoreOf('RAS', 'fr')).toBe(scoreOf('rien à signaler', 'fr'));
		expect(analyze('RAS').label).toBe('positive');
	});

	it.each([
		['Paiement en ligne simple', 'fr'], ['Emballage très soigné', 'fr'], ['Website takes ages', 'en'], ['Queues every single time', 'en'],
		['Dossier clos en trois jours', 'fr'], ['Five star experience', 'en'],
	])(
		'detects the language of %p, which has no function word, from its words',
		(text, language) => {
			expect(detectLanguage(text)).toBe(language);
		},
	);
});

describe('product and service language', () => {
	itReadsAs([
		['Works as described', 'positive'], ['It stopped working after a week', 'negative'], ['Arrived broken', 'negative'],
		['The screen cracked on day two', 'negative'], ['It keeps disconnecting', 'negative'], ['Poor build quality', 'negative'],
		['The replacement works fine', 'positive'], ['Had to send it back', 'negative'], ['Le produit fonctionne bien', 'positive'],
		['Ne fonctionne plus', 'negative'], ['Colis arrivé abîmé', 'negative'], ['Had to get a replacement', 'negative'],
		['The strap tore on day one', 'negative'], ['Does not hold a charge', 'negative'], ["The lid doesn't close properly", 'negative'],
		['Screen scratches easily', 'negative'], ['Works like new', 'positive'], ['Battery drains fast', 'negative'],
		['Quit after a month', 'negative'], ['La fermeture éclair a lâché', 'negative'], ['La batterie ne tient pas', 'negative'],
		['Se raye facilement', 'negative'], ['Batterie qui se décharge vite', 'negative'], ['Chargeur qui chauffe', 'negative'],
		['Il a fallu le renvoyer', 'negative'],
	]);

	it('reads an abbreviation as the word it stands for', () => {
		expect(scoreOf('pb de livraison', 'fr')).toBe(scoreOf('problème de livraison', 'fr'));
		expect(scoreOf('thx', 'en')).toBe(scoreOf('thanks', 'en'));
	});

	it('scores AFINN topic nouns as neutral: the support team, the quality of a product', () => {
		expect(scoreOf('support', 'en')).toBe(0);
		expect(scoreOf('quality', 'en')).toBe(0);
	});

	it('counts a word that is also a modifier when nothing follows it to modify', () => {
		expect(analyze('The fries were great too').label).toBe('positive');
		expect(hasReason(analyze('a great disappointment'), /'great' strengthens 'disappointment'/)).toBe(true);
	});
});

describe('French negation scope and concessions', () => {
	it('reads nouns of lack as negative, and negates what follows them', () => {
		expect(analyze('Un manque de rythme', 'fr').label).toBe('negative');
		expect(analyze("Absence d'humour", 'fr').label).toBe('negative');
		expect(scoreOf('Un manque de talent', 'fr')).toBeLessThan(scoreOf('Un manque de rythme', 'fr'));
	});

	it('does not negate after "ne manque pas de" or "sans aucun doute"', () => {
		expect(analyze('Le film ne manque pas de charme', 'fr').label).toBe('positive');
		expect(analyze('Sans aucun doute le meilleur', 'fr').label).toBe('positive');
	});

	it('reads "ne … pas autant" as praise', () => {
		expect(analyze("Je n'avais pas autant ri depuis longtemps", 'fr').label).toBe('positive');
	});

	it('does not count what might have been (irrealis), and says so', () => {
		const french = analyze('Il aurait pu être un bon film', 'fr');
		expect(french.score).toBe(0);
		expect(french.reasons).toContain("French: 'aurait-pu': what might have been does not count");
		expect(analyze("Un sujet raté. Il aurait pu être passionnant", 'fr').label).toBe('negative');
		expect(analyze('It could have been great', 'en').score).toBe(0);
		// Only counterfactuals: a plain conditional still counts.
		expect(analyze('I would recommend them', 'en').label).toBe('positive');
	});

	it('weighs the concession of "avoir beau" less than what follows it', () => {
		const result = analyze("J'ai beau aimer les acteurs, ce film est mauvais", 'fr');
		expect(result.label).toBe('negative');
		expect(analyze('Même si le début est lent, la fin est superbe', 'fr').label).toBe('positive');
	});

	it('weighs English concessions (although, even though, despite) as French ones', () => {
		expect(analyze('Although the staff were nice, the food was disappointing').label).toBe('negative');
		expect(hasReason(analyze('Although the staff were nice, the food was disappointing'), /contrast 'although'/)).toBe(true);
	});

	it('weighs a saving grace (heureusement que, au moins, at least) half, to the end of its sentence', () => {
		const result = analyze('Film nul. Heureusement que les acteurs sont bons.');
		expect(result.label).toBe('negative');
		expect(hasReason(result, /saving grace 'heureusement que'/)).toBe(true);
		expect(analyze('Rude staff. At least the food was good.').label).toBe('negative');
	});

	it('reads "moins" and "less" before a word as a weak negation, and "au moins" as no comparison', () => {
		expect(analyze('Beaucoup moins drôle que le premier').label).toBe('negative');
		expect(analyze('Moins de bugs depuis la mise à jour').label).toBe('positive');
		expect(analyze('Less helpful than last time').label).toBe('negative');
		expect(hasReason(analyze('Service lent, au moins le personnel est aimable'), /'moins' weakly negates/)).toBe(false);
	});

	it('reads "mais bon" as a resigned contrast, not praise, and "bon alors" as a filler', () => {
		const result = analyze("C'est un peu long, mais bon");
		expect(result.label).toBe('negative');
		expect(hasReason(result, /'bon'/)).toBe(false);
		expect(analyze("Bon alors, c'est nul").label).toBe('negative');
	});

	it('ends a negation at "et" / "and": what is coordinated after it is not negated', () => {
		expect(analyze('Un film sans humour et ennuyeux').label).toBe('negative');
		expect(analyze('Not helpful and rude').label).toBe('negative');
		expect(analyze('Staff not rude and very helpful').label).toBe('positive');
		expect(analyze('Ni drôle ni émouvant').label).toBe('negative');
	});

	it('reads genre words (fear, darkness, tragedy) as descriptive in a review of a work, as judgements elsewhere', () => {
		const review = analyze('Un film angoissant et terrifiant, du grand art');
		expect(review.label).toBe('positive');
		expect(hasReason(review, /2 genre words \(fear, darkness, tragedy\) describe the work reviewed/)).toBe(true);
		expect(analyze('A scary and tragic movie, the cast is great').label).toBe('positive');
		// Customer feedback names no work: the same words are the complaint.
		expect(analyze('Attente angoissante au téléphone').label).toBe('negative');
		expect(analyze('Creepy staff, scary car park').label).toBe('negative');
		expect(analyze('Service horrible, film de merde').label).toBe('negative');
	});

	it('negates with the plural "aucuns" and "aucunes"', () => {
		expect(analyze('Aucunes surprises, aucuns rebondissements').label).toBe('negative');
	});

	it('does not count the words of a question when the comment asserts something else, and says so', () => {
		const result = analyze('Les acteurs sont nuls. Qui peut aimer ça ?');
		expect(result.label).toBe('negative');
		expect(hasReason(result, /in a question did not count/)).toBe(true);
		// A comment that is only a question still counts.
		expect(analyze('Pourquoi personne ne répond ?').label).toBe('negative');
		expect(analyze('Why is the app so good?').label).toBe('positive');
	});
});

describe('the scorer on its own', () => {
	it('scores tokens looked up in one grammar alone', () => {
		const tokens = ['ne', 'est', 'pas', 'bon'];
		expect(score(french, tokens, lookUpIn(french, tokens)).score).toBeLessThan(0);
		expect(score(english, ['not', 'good'], lookUpIn(english, ['not', 'good'])).score).toBe(-3);
	});
});
