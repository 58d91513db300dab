import {
	DEFAULT_ALERT_TEMPLATES,
	alertLanguage,
	compileAlertTemplates,
	escapeHtml,
	maskPersonalText,
	renderAlertMessage,
} from '../../nodes/core/alertMessage';
import type { AlertMessageInput } from '../../nodes/core/alertMessage';
import type { Classification, FeedbackInput } from '../../nodes/core/feedback';
import { feedbackSchema } from '../../nodes/core/feedback';
import { feedbackError } from './expectations';

const NBSP = '\u00a0';

function classified(overrides: Partial<Classification> = {}): Classification {
	return {
		category: 'detractor',
		primaryMetric: 'nps',
		metrics: [{ type: 'nps', score: 3, scaleMin: 0, scaleMax: 10, questionId: null, category: 'detractor' }],
		sentiment: { score: -3, comparative: -0.5, label: 'negative', language: 'en' },
		topics: [{ topic: 'delivery', label: 'Delivery', matched: ['late'] }],
		priority: 'P1',
		reasons: [],
		...overrides,
	};
}

function alertInput(
	feedback: Partial<FeedbackInput> = {},
	classification: Classification | null = classified(),
	overrides: Partial<AlertMessageInput> = {},
): AlertMessageInput {
	return {
		item: {
			feedback: feedbackSchema.parse({
				id: 'resp-42',
				source: 'delighted',
				submittedAt: '2026-11-30T14:05:00Z',
				touchpoint: 'Home delivery',
				comment: 'The parcel came two days late.',
				metrics: [{ type: 'nps', score: 3, scaleMin: 0, scaleMax: 10 }],
				respondent: {
					name: 'Jane Doe',
					email: 'jane.doe@example.com',
					phone: '+33 6 12 34 56 78',
					customerId: 'C-1001',
					segment: 'Gold',
				},
				...feedback,
			}),
			classification: classification ?? undefined,
		},
		owner: { name: 'Alex Martin' },
		coach: { name: 'Sam Lee' },
		rule: 'Late delivery detractors',
		reasons: ['classification.category equals detractor', 'classification.topics has topic delivery'],
		link: 'https://app.delighted.com/responses/42',
		...overrides,
	};
}

const defaults = compileAlertTemplates();

describe('English default', () => {
	const message = renderAlertMessage(defaults, alertInput());

	it('gives the owner a subject with category, score, topic and short name', () => {
		expect(message.language).toBe('en');
		expect(message.owner.subject).toBe('Detractor (NPS 3/10) — Delivery — Jane D.');
	});

	it('gives the owner everything to call back, in plain text', () => {
		expect(message.owner.text).toBe(
			[
				'Detractor — Late delivery detractors',
				'Owner: Alex Martin — Coach: Sam Lee',
				'',
				'Customer: Jane Doe — Gold',
				'Customer ID: C-1001',
				'Email: jane.doe@example.com',
				'Phone: +33 6 12 34 56 78',
				'Score: NPS 3/10',
				'Priority: P1',
				'Touchpoint: Home delivery',
				'Submitted: 30 Nov 2026, 14:05 UTC',
				'Comment: “The parcel came two days late.”',
				'Topics: Delivery',
				'',
				'Why this alert:',
				'- classification.category equals detractor',
				'- classification.topics has topic delivery',
				'',
				'Open the response: https://app.delighted.com/responses/42',
			].join('\n'),
		);
	});

	it('gives simple HTML: paragraphs, bold labels, a list of reasons and a link', () => {
		const { html } = message.owner;
		expect(html).toContain('<p><strong>Detractor</strong> — Late delivery detractors</p>');
		expect(html).toContain('<p><strong>Email:</strong> jane.doe@example.com</p>');
		expect(html).toContain(
			'<ul><li>classification.category equals detractor</li><li>classification.topics has topic delivery</li></ul>',
		);
		expect(html).toContain(
			'<p>Open the response: <a href="https://app.delighted.com/responses/42">https://app.delighted.com/responses/42</a></p>',
		);
		expect(html).not.toMatch(/<(?!\/?(p|strong|ul|li|a)[ >])/);
	});

	it('has no warnings for a good link', () => {
		expect(message.warnings).toEqual([]);
	});
});

describe('French default', () => {
	const message = renderAlertMessage(
		defaults,
		alertInput(
			{ locale: 'fr-FR', comment: 'Colis arrivé avec deux jours de retard.' },
			classified({ topics: [{ topic: 'delivery', label: 'Livraison', matched: ['retard'] }] }),
			{ reasons: ['la catégorie est détracteur'] },
		),
	);

	it('reads naturally, with French labels, typography and dates', () => {
		expect(message.language).toBe('fr');
		expect(message.owner.subject).toBe('Détracteur (NPS 3/10) — Livraison — Jane D.');
		const lines = message.owner.text.split('\n');
		expect(lines).toEqual(
			expect.arrayContaining([
				`Responsable${NBSP}: Alex Martin — Coach${NBSP}: Sam Lee`,
				`Client${NBSP}: Jane Doe — Gold`,
				`N° client${NBSP}: C-1001`,
				`Téléphone${NBSP}: +33 6 12 34 56 78`,
				`Note${NBSP}: NPS 3/10`,
				`Reçue le${NBSP}: 30 nov. 2026 à 14:05 UTC`,
				`Commentaire${NBSP}: «${NBSP}Colis arrivé avec deux jours de retard.${NBSP}»`,
				`Sujets${NBSP}: Livraison`,
				`Pourquoi cette alerte${NBSP}:`,
				'- la catégorie est détracteur',
				`Voir la réponse${NBSP}: https://app.delighted.com/responses/42`,
			]),
		);
		expect(message.owner.text).not.toMatch(/Customer|Comment:|Why/);
	});

	it('writes French decimals and the French star-rating label', () => {
		const rating = renderAlertMessage(
			defaults,
			alertInput(
				{ locale: 'fr' },
				classified({
					category: 'dissatisfied',
					primaryMetric: 'rating',
					metrics: [{ type: 'rating', score: 1.5, scaleMin: 1, scaleMax: 5, questionId: null, category: 'dissatisfied' }],
				}),
			),
		);
		expect(rating.owner.subject).toBe('Insatisfait (Étoiles 1,5/5) — Delivery — Jane D.');
	});
});

describe('language choice', () => {
	const languageOf = (locale: string | null, sentimentLanguage: string | null = null) =>
		alertLanguage(
			alertInput({ locale }, classified({ sentiment: { score: 0, comparative: 0, label: 'neutral', language: sentimentLanguage } }))
				.item,
		);

	it.each([
		['fr-CA', 'fr'],
		['fr', 'fr'],
		['FR', 'fr'],
		['fr_BE', 'fr'],
		['en-GB', 'en'],
		['en', 'en'],
	] as const)('locale %s gives %s', (locale, language) => {
		expect(languageOf(locale, locale.startsWith('en') ? 'fr' : 'en')).toBe(language);
	});

	it('falls back to the comment language when the locale is missing or not supported', () => {
		expect(languageOf(null, 'fr')).toBe('fr');
		expect(languageOf('de-DE', 'fr')).toBe('fr');
	});

	it('falls back to English when nothing says otherwise', () => {
		expect(languageOf(null, null)).toBe('en');
		expect(languageOf('es', null)).toBe('en');
		expect(alertLanguage(alertInput({ locale: null }, null).item)).toBe('en');
	});
});

describe('user templates', () => {
	it('replace the default per language and keep the other parts', () => {
		const compiled = compileAlertTemplates({
			fr: { subject: 'Alerte {{rule}} pour {{owner.name}}' },
			en: { body: 'Call {{customer.name}} on {{customer.phone}}' },
		});
		const french = renderAlertMessage(compiled, alertInput({ locale: 'fr-CA' }));
		expect(french.owner.subject).toBe('Alerte Late delivery detractors pour Alex Martin');
		expect(french.owner.text).toContain(`Client${NBSP}: Jane Doe`);
		const english = renderAlertMessage(compiled, alertInput({ locale: 'en' }));
		expect(english.owner.text).toBe('Call Jane Doe on +33 6 12 34 56 78');
		expect(english.owner.subject).toBe('Detractor (NPS 3/10) — Delivery — Jane D.');
	});

	it('accept placeholders with spaces and another case', () => {
		const compiled = compileAlertTemplates({ en: { subject: '{{ Customer.Email }}' } });
		expect(renderAlertMessage(compiled, alertInput()).owner.subject).toBe('jane.doe@example.com');
	});

	it('refuse an unknown placeholder, naming it, the template and the line', () => {
		const error = feedbackError(() => compileAlertTemplates({ fr: { body: 'Client : {{customer.name}}\nMail : {{customer.mail}}' } }));
		expect(error.message).toContain('unknown placeholder {{customer.mail}}');
		expect(error.message).toContain('templates.fr.body, line 2');
		expect(error.message).toContain('{{customer.email}}');
		expect(error.field).toBe('templates.fr.body');
	});

	it('refuse an unclosed placeholder, unbalanced bold, a subject on two lines and an empty body', () => {
		expect(feedbackError(() => compileAlertTemplates({ en: { body: 'Hi {{owner.name' } })).message).toContain('not closed');
		expect(feedbackError(() => compileAlertTemplates({ en: { body: '**Score: {{score}}' } })).message).toContain('**');
		expect(feedbackError(() => compileAlertTemplates({ en: { subject: 'a\nb' } })).field).toBe('templates.en.subject');
		expect(feedbackError(() => compileAlertTemplates({ fr: { body: '  ' } })).field).toBe('templates.fr.body');
	});

	it('refuse an unsupported language, a wrong type and an unknown key', () => {
		expect(feedbackError(() => compileAlertTemplates({ de: { subject: 'x' } })).message).toContain('"de"');
		expect(feedbackError(() => compileAlertTemplates({ en: { subject: 3 } })).field).toBe('templates.en.subject');
		expect(feedbackError(() => compileAlertTemplates({ en: { html: '<b>' } })).message).toContain('html');
	});

	it('refuse an unknown time zone, and show the time in a known one', () => {
		expect(feedbackError(() => compileAlertTemplates({}, { timeZone: 'Mars/Olympus' })).field).toBe('timeZone');
		const paris = compileAlertTemplates({ en: { body: '{{submittedAt}}' } }, { timeZone: 'Europe/Paris' });
		expect(renderAlertMessage(paris, alertInput()).owner.text).toBe('30 Nov 2026, 15:05 (Europe/Paris)');
	});
});

describe('HTML escaping', () => {
	const comment = `<script>alert("x")</script> Tom & Jerry's "order"`;
	const message = renderAlertMessage(defaults, alertInput({ comment }));

	it('escapes every inserted value', () => {
		expect(message.owner.html).toContain(
			'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Tom &amp; Jerry&#39;s &quot;order&quot;',
		);
		expect(message.owner.html).not.toContain('<script>');
		expect(message.shared.html).not.toContain('<script>');
	});

	it('keeps plain text as written', () => {
		expect(message.owner.text).toContain(`Comment: “${comment}”`);
	});

	it("escapes the template's own text, with ** as the only markup", () => {
		const compiled = compileAlertTemplates({ en: { body: '<b>Call</b> **now** & {{rule}}' } });
		expect(renderAlertMessage(compiled, alertInput()).owner.html).toBe(
			'<p>&lt;b&gt;Call&lt;/b&gt; <strong>now</strong> &amp; Late delivery detractors</p>',
		);
		expect(renderAlertMessage(compiled, alertInput()).owner.text).toBe('<b>Call</b> now & Late delivery detractors');
	});

	it('turns line breaks of a comment into <br> in HTML', () => {
		const multiline = renderAlertMessage(defaults, alertInput({ comment: 'Late.\nAgain.' }));
		expect(multiline.owner.html).toContain('Late.<br>Again.');
		expect(multiline.owner.subject).not.toContain('\n');
	});

	it('escapes the same five characters a browser needs', () => {
		expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
	});
});

describe('response link', () => {
	const render = (link: string | null | undefined) => renderAlertMessage(defaults, alertInput({}, classified(), { link }));

	it.each(['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://files.example.com/r/1', 'not a url'])(
		'leaves out %s with a warning',
		(link) => {
			const message = render(link);
			expect(message.owner.text).not.toContain('Open the response');
			expect(message.owner.html).not.toContain('<a ');
			expect(message.owner.html).not.toMatch(/javascript|data:/);
			expect(message.warnings).toHaveLength(1);
		},
	);

	it('leaves out a link with a password in it, without repeating it', () => {
		const message = render('https://user:s3cret@app.example.com/r/1');
		expect(message.owner.text).not.toContain('s3cret');
		expect(message.warnings.join(' ')).not.toContain('s3cret');
	});

	it('escapes a link in the href', () => {
		const message = render('https://app.example.com/r?id=1&x="2"');
		expect(message.owner.html).toContain('<a href="https://app.example.com/r?id=1&amp;x=%222%22">');
	});

	it('drops the link line when there is no link', () => {
		expect(render(undefined).owner.text).not.toContain('Open the response');
		expect(render(null).warnings).toEqual([]);
	});

	it('keeps http links', () => {
		expect(render('http://intranet.example.com/r/1').owner.html).toContain('href="http://intranet.example.com/r/1"');
	});
});

describe('shared rendering', () => {
	const message = renderAlertMessage(
		defaults,
		alertInput({ comment: 'Jane here, call me at 06 12 34 56 78 or write to jane@x.com' }),
	);

	it('shows initials and hides email and phone', () => {
		expect(message.shared.subject).toBe('Detractor (NPS 3/10) — Delivery — J. D.');
		expect(message.shared.text).toContain('Customer: J. D. — Gold');
		for (const rendering of [message.shared.text, message.shared.html, message.shared.subject]) {
			expect(rendering).not.toMatch(/Jane|Doe|jane|example\.com|12 34|Email:|Phone:/);
		}
	});

	it('keeps the customer id, the owner and the reasons', () => {
		expect(message.shared.text).toContain('Customer ID: C-1001');
		expect(message.shared.text).toContain('Owner: Alex Martin');
		expect(message.shared.text).toContain('- classification.topics has topic delivery');
	});

	it('masks contact details and the name inside the comment', () => {
		expect(message.shared.text).toContain('Comment: “J. here, call me at [phone hidden] or write to [email hidden]”');
	});

	it("keeps the comment as written in the owner's rendering", () => {
		expect(message.owner.text).toContain('Comment: “Jane here, call me at 06 12 34 56 78 or write to jane@x.com”');
	});

	it('masks what the reasons quote', () => {
		const quoting = renderAlertMessage(defaults, alertInput({}, classified(), { reasons: ['feedback.respondent.email equals jane.doe@example.com'] }));
		expect(quoting.shared.text).toContain('- feedback.respondent.email equals [email hidden]');
		expect(quoting.owner.text).toContain('- feedback.respondent.email equals jane.doe@example.com');
	});

	it('masks in French words for a French alert', () => {
		const french = renderAlertMessage(defaults, alertInput({ locale: 'fr-CA', comment: 'Appelez-moi au 06.12.34.56.78, merci' }));
		expect(french.shared.text).toContain(`«${NBSP}Appelez-moi au [téléphone masqué], merci${NBSP}»`);
	});
});

describe('maskPersonalData', () => {
	it('masks both renderings', () => {
		const message = renderAlertMessage(
			defaults,
			alertInput({ comment: 'mail me: jane@x.com' }, classified(), { maskPersonalData: true }),
		);
		expect(message.owner).toEqual(message.shared);
		expect(message.owner.text).not.toMatch(/Jane|jane|\+33/);
		expect(message.owner.text).toContain('mail me: [email hidden]');
	});

	it("is off by default: the owner's rendering differs from the shared one", () => {
		const message = renderAlertMessage(defaults, alertInput());
		expect(message.owner.text).toContain('jane.doe@example.com');
		expect(message.shared.text).not.toContain('jane.doe@example.com');
	});
});

describe('phone numbers and emails inside text', () => {
	it.each([
		'06 12 34 56 78',
		'06.12.34.56.78',
		'06-12-34-56-78',
		'0612345678',
		'+33 6 12 34 56 78',
		'+33 (0)6 12 34 56 78',
		'0033 6 12 34 56 78',
		'+33612345678',
		'+1 (514) 555-0199',
		'(514) 555-0199',
		'514-555-0199',
		'+44 20 7946 0958',
		'+49 30 901820',
	])('masks %s', (phone) => {
		expect(maskPersonalText(`call me at ${phone} please`)).toBe('call me at [phone hidden] please');
	});

	it.each([
		'order 12345 arrived',
		'on 2026-11-30 at 14:05',
		'on 30.11.2026',
		'paid 1 299,00 €',
		'3 times in 10 days',
		'version 2.4.1',
	])('leaves %s alone', (text) => {
		expect(maskPersonalText(text)).toBe(text);
	});

	it('masks a long order number too: in a shared channel, too much masking is the safe side', () => {
		expect(maskPersonalText('order 4512339871 never came')).toBe('order [phone hidden] never came');
	});

	it.each(['jane@x.com', 'Jane.Doe+orders@mail.example.co.uk', 'hélène@exemple.fr'])('masks the email %s', (email) => {
		expect(maskPersonalText(`write to ${email}.`)).toBe('write to [email hidden].');
	});

	it.each([
		['letters', 'a'.repeat(50000)],
		['digits', '1'.repeat(50000)],
		['a domain without end', `a@${'b.'.repeat(25000)}`],
	])('reads a long comment of %s without spaces in linear time', (_, text) => {
		const started = Date.now();
		expect(maskPersonalText(text)).toBe(text);
		// Was about 4 s for 50,000 characters when an address could start at every character.
		expect(Date.now() - started).toBeLessThan(1000);
	});

	it('masks the customer name as written, with or without accents, but not short words', () => {
		expect(maskPersonalText('Hélène, helene, HÉLÈNE de la Tour', { customerName: 'Hélène de la Tour' })).toBe(
			'H., H., H. de la T.',
		);
	});
});

describe('missing values', () => {
	const message = renderAlertMessage(
		defaults,
		alertInput(
			{ comment: null, touchpoint: null, respondent: { name: 'Jane Doe', email: 'jane@x.com' } },
			classified({ topics: [], priority: null }),
			{ coach: null, link: undefined },
		),
	);

	it('drops lines whose values are all empty', () => {
		expect(message.owner.text).not.toMatch(/Comment|Topics|Phone|Touchpoint|Priority|Customer ID|Open the response/);
		expect(message.owner.html).not.toMatch(/Comment|Topics|Phone/);
	});

	it('drops a whole line, its plain-text parts too, when all its placeholders are empty', () => {
		const compiled = compileAlertTemplates({ en: { body: 'Start\nThey said — {{comment}}\nEnd' } });
		const silent = renderAlertMessage(compiled, alertInput({ comment: null }));
		expect(silent.owner.text).toBe('Start\nEnd');
		expect(silent.owner.html).toBe('<p>Start</p>\n<p>End</p>');
		expect(message.owner.html).not.toContain('<p></p>');
	});

	it('drops an empty part of a line with its separator', () => {
		expect(message.owner.text).toContain('Owner: Alex Martin\n');
		expect(message.owner.text).toContain('Customer: Jane Doe\n');
		expect(message.owner.subject).toBe('Detractor (NPS 3/10) — Jane D.');
	});

	it('shows a dash for an empty value inside a kept part', () => {
		const compiled = compileAlertTemplates({ en: { subject: '{{customer.name}} ({{customer.segment}})' } });
		expect(renderAlertMessage(compiled, alertInput({ respondent: { name: 'Jane Doe' } })).owner.subject).toBe('Jane Doe (—)');
	});

	it('renders without a classification, from the feedback score', () => {
		const bare = renderAlertMessage(defaults, alertInput({}, null));
		expect(bare.owner.subject).toBe('— (NPS 3/10) — Jane D.');
		expect(bare.owner.text).toContain('Score: NPS 3/10');
		expect(bare.owner.text).not.toContain('Topics');
	});

	it('renders a customer with no name as an empty part', () => {
		const anonymous = renderAlertMessage(defaults, alertInput({ respondent: { email: 'a@b.co' } }));
		expect(anonymous.owner.subject).toBe('Detractor (NPS 3/10) — Delivery');
		expect(anonymous.shared.text).not.toContain('Customer:');
	});

	it('drops a repeated list line when the list is empty', () => {
		const compiled = compileAlertTemplates({ en: { body: 'Topics:\n- {{topics}}\nEnd' } });
		const empty = renderAlertMessage(compiled, alertInput({}, classified({ topics: [] })));
		expect(empty.owner.text).toBe('Topics:\nEnd');
		expect(empty.owner.html).toBe('<p>Topics:</p>\n<p>End</p>');
	});
});

describe('score formatting', () => {
	const subjectFor = (metric: Classification['metrics'][number]) =>
		renderAlertMessage(
			compileAlertTemplates({ en: { subject: '{{score}} {{category}}' } }),
			alertInput({}, classified({ category: metric.category, primaryMetric: metric.type, metrics: [metric] })),
		).owner.subject;

	it.each([
		['NPS 0/10 Detractor', { type: 'nps', score: 0, scaleMin: 0, scaleMax: 10, category: 'detractor' }],
		['CSAT 2/5 Dissatisfied', { type: 'csat', score: 2, scaleMin: 1, scaleMax: 5, category: 'dissatisfied' }],
		['CSAT 0/1 Dissatisfied', { type: 'csat', score: 0, scaleMin: 0, scaleMax: 1, category: 'dissatisfied' }],
		['CES 2/7 Difficult', { type: 'ces', score: 2, scaleMin: 1, scaleMax: 7, category: 'difficult' }],
		['Star rating 1/5 Dissatisfied', { type: 'rating', score: 1, scaleMin: 1, scaleMax: 5, category: 'dissatisfied' }],
		['CES -2 (-3–3) Difficult', { type: 'ces', score: -2, scaleMin: -3, scaleMax: 3, category: 'difficult' }],
	] as const)('reads %s', (expected, metric) => {
		expect(subjectFor({ ...metric, questionId: null })).toBe(expected);
	});

	it('uses the driving metric when there are several', () => {
		const message = renderAlertMessage(
			compileAlertTemplates({ en: { subject: '{{score}}' } }),
			alertInput(
				{},
				classified({
					primaryMetric: 'csat',
					metrics: [
						{ type: 'nps', score: 9, scaleMin: 0, scaleMax: 10, questionId: null, category: 'promoter' },
						{ type: 'csat', score: 1, scaleMin: 1, scaleMax: 5, questionId: null, category: 'dissatisfied' },
					],
				}),
			),
		);
		expect(message.owner.subject).toBe('CSAT 1/5');
	});
});

describe('default templates', () => {
	it('compile, and use only known placeholders in both languages', () => {
		expect(Object.keys(compileAlertTemplates().templates)).toEqual(['en', 'fr']);
		expect(DEFAULT_ALERT_TEMPLATES.fr.body).toContain('Commentaire');
	});
});
