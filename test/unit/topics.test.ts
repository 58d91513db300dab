import {
	BUILT_IN_TOPICS,
	TopicLibrary,
	buildTopicLibrary,
	defaultTopicLibrary,
	foldText,
	parseKeywordList,
	tagTopics,
	wordForms,
} from '../../nodes/core/topics';
import type { CustomTopic, TopicLibrarySettings } from '../../nodes/core/topics';
import { feedbackError } from './expectations';

const ids = (text: string, library?: TopicLibrary) => tagTopics(text, library).map((match) => match.topic);
const matchedFor = (text: string, topic: string, library?: TopicLibrary) =>
	tagTopics(text, library).find((match) => match.topic === topic)?.matched;

describe('built-in library', () => {
	it('has the eleven CX topics with English and French labels, in a fixed order', () => {
		expect(BUILT_IN_TOPICS.map((topic) => [topic.topic, topic.labels?.en, topic.labels?.fr])).toEqual([
			['delivery', 'Delivery', 'Livraison'],
			['price', 'Price', 'Prix'],
			['staff', 'Staff and welcome', 'Personnel et accueil'],
			['quality', 'Product quality', 'Qualité'],
			['billing', 'Billing', 'Facturation'],
			['waiting', 'Waiting time', 'Attente'],
			['website', 'Website and app', 'Site et appli'],
			['purchase', 'Purchase', 'Achat'],
			['support', 'After-sales and support', 'SAV'],
			['returns', 'Returns and refunds', 'Retour et remboursement'],
			['reachability', 'Reachability and responsiveness', 'Joignabilité et réactivité'],
		]);
	});

	it('is frozen, so no caller can change it for the others', () => {
		expect(Object.isFrozen(BUILT_IN_TOPICS)).toBe(true);
		expect(Object.isFrozen(BUILT_IN_TOPICS[0].keywords)).toBe(true);
	});

	const everyKeyword = BUILT_IN_TOPICS.flatMap((topic) => topic.keywords.map((keyword) => [topic.topic, keyword]));
	it.each(everyKeyword)('%s: the keyword %p, alone, tags its topic', (topic, keyword) => {
		expect(ids(keyword)).toContain(topic);
		expect(matchedFor(keyword, topic)).toEqual([keyword]);
	});

	it.each([
		['delivery', 'Mon colis est arrivé avec trois jours de retard de livraison'],
		['delivery', 'The parcel never arrived'],
		['price', 'Beaucoup trop cher pour ce que c’est'],
		['price', 'Overpriced and not worth it'],
		['staff', 'Le vendeur a été désagréable'],
		['staff', 'The cashier was rude'],
		['quality', 'Produit défectueux au bout de deux jours'],
		['quality', 'Poor quality, it fell apart'],
		['billing', 'J’ai reçu une facture erronée'],
		['billing', 'I was overcharged'],
		['waiting', 'Temps d’attente beaucoup trop long'],
		['waiting', 'I was on hold for 40 minutes'],
		['website', 'Impossible de me connecter sur l’appli'],
		['website', 'The website kept crashing at login'],
		['purchase', 'J’ai acheté un canapé'],
		['purchase', 'My order was incomplete'],
		['support', 'Le service client ne répond jamais'],
		['support', 'Customer service was useless'],
		['returns', 'Toujours pas remboursé'],
		['returns', 'Still waiting for my refund'],
		['reachability', 'personne ne répond au téléphone'],
		['reachability', "J'ai appelé cinq fois, personne ne décroche"],
		['reachability', 'Toujours pas été rappelée malgré la promesse'],
		['reachability', 'Conseiller injoignable depuis une semaine'],
		['reachability', "Impossible de joindre quelqu'un au SAV"],
		['reachability', "I couldn't reach anyone for three days"],
		['reachability', 'Called twice, no answer'],
		['reachability', 'They never called me back'],
		['reachability', 'The call got cut off and nobody picked up after that'],
	])('tags %s in %p', (topic, text) => {
		expect(ids(text)).toContain(topic);
	});

	it('tags nothing in a comment about none of the topics', () => {
		expect(tagTopics('Rien à signaler, merci !')).toEqual([]);
		expect(tagTopics('All good, thanks')).toEqual([]);
	});

	it.each([null, undefined, '', '   ', '!!! ...'])('tags nothing in %p', (text) => {
		expect(tagTopics(text)).toEqual([]);
	});
});

describe('matching rules', () => {
	it.each(['DÉLAI', 'délai', 'Délai', 'delai', 'DELAI', 'De\u0301lai'])('ignores case and accents: %p is waiting', (text) => {
		expect(matchedFor(text, 'waiting')).toEqual([text]);
	});

	it('matches an accented keyword in text typed without accents, and the reverse', () => {
		expect(ids('service apres vente')).toEqual(['support']);
		const library = buildTopicLibrary({ mode: 'replace', custom: [{ topic: 'cafe', keywords: ['cafe'] }] });
		expect(matchedFor('Le CAFÉ était froid', 'cafe', library)).toEqual(['CAFÉ']);
	});

	it('folds ligatures', () => {
		const library = buildTopicLibrary({ mode: 'replace', custom: [{ topic: 'work', keywords: ["main d'oeuvre"] }] });
		expect(matchedFor("La main-d'œuvre est chère", 'work', library)).toEqual(["main-d'œuvre"]);
	});

	it.each([
		['colis', 'delivery'],
		['retards', 'waiting'],
		['deliveries', 'delivery'],
		['refunds', 'returns'],
		['taxes', 'price'],
		['remboursées', 'returns'],
		['vendeuses', 'staff'],
		['chères', 'price'],
		['invoices', 'billing'],
	])('handles the simple plural %p (%s)', (text, topic) => {
		const library = buildTopicLibrary({ mode: 'extend', custom: [{ topic: 'price', keywords: ['tax'] }] });
		expect(ids(text, library)).toContain(topic);
	});

	it('handles the French -al / -ail → -aux plurals', () => {
		const library = buildTopicLibrary({
			mode: 'replace',
			custom: [
				{ topic: 'press', keywords: ['journal'] },
				{ topic: 'works', keywords: ['travail'] },
			],
		});
		expect(ids('Vu dans les journaux', library)).toEqual(['press']);
		expect(ids('Des travaux bruyants', library)).toEqual(['works']);
		expect(ids('Un journal, un travail', library)).toEqual(['press', 'works']);
	});

	it('does not make plurals of words under three letters', () => {
		expect(wordForms('on')).toEqual(['on']);
		expect(wordForms('app')).toEqual(expect.arrayContaining(['app', 'apps']));
		expect(wordForms('delivery')).toContain('deliveries');
		expect(wordForms('journal')).toContain('journaux');
	});

	it.each([
		['customer service', 'support'],
		['Customer   Service', 'support'],
		['service client', 'support'],
		['Service-Client', 'support'],
		['on hold', 'waiting'],
		['late delivery', 'delivery'],
		['site web', 'website'],
		['value for money', 'price'],
	])('matches the phrase %p as a sequence of words', (text, topic) => {
		expect(matchedFor(`Really: ${text}!`, topic)).toEqual([text]);
	});

	it('needs the words of a phrase in order and next to each other', () => {
		expect(ids('service for the customer')).not.toContain('support');
		expect(ids('hold on')).not.toContain('waiting');
		expect(ids('money, back')).not.toContain('returns');
	});

	it('does not let a phrase run across a sentence or clause break', () => {
		expect(ids('I am a loyal customer. Service was fine')).not.toContain('support');
		expect(ids('Money; back')).not.toContain('returns');
		expect(ids('I was on\nhold')).not.toContain('waiting');
		expect(ids('customer service')).toContain('support');
	});

	it.each([
		["temps d'attente", "temps d'attente"],
		['temps d’attente', 'temps d’attente'],
		['Temps-d’attente', 'Temps-d’attente'],
		["file d'attente", "file d'attente"],
	])('matches a phrase with an elision: %p', (text, matched) => {
		expect(matchedFor(`Un ${text} énorme`, 'waiting')).toEqual([matched]);
	});

	it.each([
		["l'attente", 'attente'],
		['l’appli', 'appli'],
		["d'accueil", 'accueil'],
		["qu'au SAV", 'SAV'],
		["jusqu'à la livraison", 'livraison'],
	])('drops the elided article in %p and matches %p', (text, word) => {
		const matches = tagTopics(text);
		expect(matches).toHaveLength(1);
		expect(matches[0].matched).toEqual([word]);
	});

	it('keeps a lone letter that is not elided', () => {
		const library = buildTopicLibrary({ mode: 'replace', custom: [{ topic: 'plan', keywords: ['plan b'] }] });
		expect(ids('On passe au plan B', library)).toEqual(['plan']);
	});

	it.each([
		['J’ai apprécié le conseil', 'website'],
		['Le prixe', 'price'],
		['rudement bien', 'staff'],
		['Un colisage soigné', 'delivery'],
		['superbug', 'website'],
		['reorder', 'purchase'],
	])('matches whole words only: %p is not %s', (text, topic) => {
		expect(ids(text)).not.toContain(topic);
	});

	it.each([
		['Application lente', 'website'],
		['le prix', 'price'],
		['Il a acheté', 'purchase'],
	])('while the whole word %p is %s', (text, topic) => {
		expect(ids(text)).toContain(topic);
	});

	it('records the matched words as written in the text, each once, in order of appearance', () => {
		const text = 'Livraison en retard. La LIVRAISON en retard, le livreur perdu, le colis aussi; les Colis, la livraison.';
		expect(matchedFor(text, 'delivery')).toEqual(['Livraison en retard', 'livreur', 'colis', 'livraison']);
	});

	it('records each topic of one comment', () => {
		expect(tagTopics('The app crashed at checkout and customer service put me on hold. I was overcharged!')).toEqual([
			{ topic: 'billing', label: 'Billing', matched: ['overcharged'] },
			{ topic: 'waiting', label: 'Waiting time', matched: ['on hold'] },
			{ topic: 'website', label: 'Website and app', matched: ['app', 'crashed'] },
			{ topic: 'purchase', label: 'Purchase', matched: ['checkout'] },
			{ topic: 'support', label: 'After-sales and support', matched: ['customer service'] },
		]);
	});

	it('returns topics in library order, whatever the order of the text', () => {
		const forward = ids('remboursement, facture, livraison');
		const backward = ids('livraison, facture, remboursement');
		expect(forward).toEqual(['delivery', 'billing', 'returns']);
		expect(backward).toEqual(forward);
	});

	it('lets the longest phrase win, so a word inside a longer keyword does not count alone', () => {
		expect(ids('Rapport qualité-prix excellent')).toEqual(['price']);
		expect(ids('Livraison en retard')).toEqual(['delivery']);
		expect(ids('Retard, encore')).toEqual(['waiting']);
		expect(ids('La qualité est là')).toEqual(['quality']);
	});

	it('ignores the built-in stop phrases and nothing else', () => {
		expect(ids('In order to get help, I called')).toEqual([]);
		expect(ids('My order was wrong, in order to fix it I called')).toEqual(['purchase']);
		expect(ids('Cher client, merci')).toEqual([]);
		expect(ids('Trop cher')).toEqual(['price']);
	});

	it('gives labels in the comment’s language', () => {
		expect(tagTopics('livraison', undefined, { language: 'fr' })[0].label).toBe('Livraison');
		expect(tagTopics('livraison', undefined, { language: 'fr-CA' })[0].label).toBe('Livraison');
		expect(tagTopics('delivery', undefined, { language: 'en-GB' })[0].label).toBe('Delivery');
		expect(tagTopics('delivery', undefined, { language: 'de' })[0].label).toBe('Delivery');
		expect(tagTopics('delivery')[0].label).toBe('Delivery');
	});

	it('tags long comments', () => {
		const text = `${'Rien à dire. '.repeat(500)}Le livreur était impoli.`;
		expect(ids(text)).toEqual(['delivery', 'staff']);
	});

	it('folds text the way it matches', () => {
		expect(foldText("L'ATTENTE au S.A.V. — Très « longue »")).toBe('attente au s a v tres longue');
	});
});

describe('buildTopicLibrary', () => {
	const custom: CustomTopic[] = [
		{ topic: 'Delivery', keywords: ['drone'] },
		{ topic: 'parking', label: 'Parking', keywords: ['parking', 'place de stationnement'] },
	];

	it('builtIn: the built-in topics, custom entries ignored', () => {
		const library = buildTopicLibrary({ mode: 'builtIn', custom });
		expect(library).toBe(defaultTopicLibrary());
		expect(ids('drone parking', library)).toEqual([]);
	});

	it('extend: adds keywords to an existing topic (id in any case) and appends new topics', () => {
		const library = buildTopicLibrary({ mode: 'extend', custom });
		expect(library.topicIds).toEqual([...BUILT_IN_TOPICS.map((topic) => topic.topic), 'parking']);
		expect(tagTopics('Le drone a perdu le colis, pas de place de stationnement', library)).toEqual([
			{ topic: 'delivery', label: 'Delivery', matched: ['drone', 'colis'] },
			{ topic: 'parking', label: 'Parking', matched: ['place de stationnement'] },
		]);
		// The built-in library itself is unchanged.
		expect(ids('drone')).toEqual([]);
	});

	it('extend: a custom label replaces the built-in one in every language', () => {
		const library = buildTopicLibrary({ mode: 'extend', custom: [{ topic: 'support', label: 'Helpdesk', keywords: ['zendesk'] }] });
		expect(tagTopics('SAV', library, { language: 'fr' })[0].label).toBe('Helpdesk');
		expect(tagTopics('zendesk', library)[0]).toEqual({ topic: 'support', label: 'Helpdesk', matched: ['zendesk'] });
	});

	it('extend with no custom topic is the built-in library', () => {
		expect(buildTopicLibrary({ mode: 'extend', custom: [] })).toBe(defaultTopicLibrary());
		expect(buildTopicLibrary({ mode: 'extend' })).toBe(defaultTopicLibrary());
	});

	it('replace: only the custom topics, labelled with their id when no label is given', () => {
		const library = buildTopicLibrary({ mode: 'replace', custom });
		expect(library.topicIds).toEqual(['Delivery', 'parking']);
		expect(tagTopics('colis livré par drone au parking', library)).toEqual([
			{ topic: 'Delivery', label: 'Delivery', matched: ['drone'] },
			{ topic: 'parking', label: 'Parking', matched: ['parking'] },
		]);
	});

	it('reads keywords given as one text, and merges repeated topic ids', () => {
		const library = buildTopicLibrary({
			mode: 'replace',
			custom: [
				{ topic: 'kitchen', keywords: 'cuisine, four ;\nfrigo' },
				{ topic: 'KITCHEN', keywords: ['évier'] },
			],
		});
		expect(library.topicIds).toEqual(['kitchen']);
		expect(matchedFor('Four, frigo, Évier et cuisines', 'kitchen', library)).toEqual(['Four', 'frigo', 'Évier', 'cuisines']);
	});

	it('splits keyword lists on commas, semicolons and line breaks', () => {
		expect(parseKeywordList(' a, b ;c\n\nd e ,, ')).toEqual(['a', 'b', 'c', 'd e']);
	});

	it('tags with a plain list of definitions too', () => {
		const definitions = [{ topic: 'pets', label: 'Pets', keywords: ['dog'] }];
		expect(tagTopics('Two dogs', definitions)).toEqual([{ topic: 'pets', label: 'Pets', matched: ['dogs'] }]);
		expect(tagTopics('A dog', definitions)).toEqual([{ topic: 'pets', label: 'Pets', matched: ['dog'] }]);
	});

	it.each<[string, unknown, RegExp, string]>([
		['a missing id', [{ keywords: ['x'] }], /Custom topic 1: the topic id is missing/, 'customTopics[0].topic'],
		['an empty id', [{ topic: 'ok', keywords: ['x'] }, { topic: '  ', keywords: ['x'] }], /Custom topic 2: the topic id is empty/, 'customTopics[1].topic'],
		['no keywords', [{ topic: 'parking', keywords: [] }], /Custom topic 1 "parking": it has no keywords/, 'customTopics[0].keywords'],
		['blank keyword text', [{ topic: 'parking', keywords: ' , ' }], /Custom topic 1 "parking": it has no keywords/, 'customTopics[0].keywords'],
		['a keyword without letters', [{ topic: 'parking', keywords: ['parking', '!!!'] }], /Custom topic 1 "parking": keyword 2 \("!!!"\) has no letters or digits/, 'customTopics[0].keywords[1]'],
		['keywords that are not a list', [{ topic: 'parking', keywords: 3 }], /Custom topic 1 "parking": keywords must be a list/, 'customTopics[0].keywords'],
		['a keyword that is not text', [{ topic: 'parking', keywords: ['a', 4] }], /Custom topic 1 "parking": keyword 2 must be text, got 4/, 'customTopics[0].keywords[1]'],
		['a missing keyword list', [{ topic: 'parking' }], /Custom topic 1 "parking": keywords must be a list/, 'customTopics[0].keywords'],
		['an unknown setting', [{ topic: 'parking', keywords: ['a'], words: ['b'] }], /Custom topic 1 "parking": unknown setting "words"/, 'customTopics[0]'],
		['an entry that is not an object', ['parking'], /Custom topic 1: must be an object/, 'customTopics[0]'],
		['a too long id', [{ topic: 'x'.repeat(65), keywords: ['a'] }], /longer than 64/, 'customTopics[0].topic'],
	])('refuses %s, naming the entry', (_, entries, message, field) => {
		const error = feedbackError(() => buildTopicLibrary({ mode: 'extend', custom: entries as CustomTopic[] }));
		expect(error.message).toMatch(message);
		expect(error.field).toBe(field);
	});

	it('refuses custom topics that are not a list', () => {
		const error = feedbackError(() => buildTopicLibrary({ mode: 'replace', custom: { topic: 'x' } as unknown as CustomTopic[] }));
		expect(error.message).toMatch(/must be a list/);
	});

	it('refuses to replace the library with nothing', () => {
		const error = feedbackError(() => buildTopicLibrary({ mode: 'replace', custom: [] }));
		expect(error.message).toMatch(/needs at least one custom topic/);
	});

	it('refuses an unknown mode', () => {
		const error = feedbackError(() => buildTopicLibrary({ mode: 'merge' } as unknown as TopicLibrarySettings));
		expect(error.message).toMatch(/Unknown topic library mode "merge"/);
	});

	it('does not check custom entries in builtIn mode', () => {
		expect(() => buildTopicLibrary({ mode: 'builtIn', custom: [{ topic: '', keywords: [] }] })).not.toThrow();
	});
});
