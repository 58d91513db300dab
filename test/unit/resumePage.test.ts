import { pageLanguageFor, renderResumePage } from '../../nodes/core/resumePage';

describe('the language of a resume page', () => {
	it('follows an explicit lang first, then the browser’s ranked Accept-Language', () => {
		expect(pageLanguageFor('fr', 'en-GB,en;q=0.9')).toBe('fr');
		expect(pageLanguageFor('FR-ca', undefined)).toBe('fr');
		expect(pageLanguageFor(undefined, 'fr-CA,fr;q=0.9,en;q=0.8')).toBe('fr');
		expect(pageLanguageFor(undefined, 'de-DE,de;q=0.9,fr;q=0.5,en;q=0.4')).toBe('fr');
		expect(pageLanguageFor(undefined, 'en;q=0.2, fr;q=0.8')).toBe('fr');
		expect(pageLanguageFor(undefined, 'fr;q=0, en')).toBe('en');
	});

	it('falls back when neither says a language it has', () => {
		expect(pageLanguageFor('es', 'de-DE')).toBe('en');
		expect(pageLanguageFor(undefined, undefined, 'fr')).toBe('fr');
	});
});

describe('a resume page', () => {
	it('asks for a press of the button before anything is recorded, posting back to its own URL', () => {
		const page = renderResumePage({ kind: 'confirm', language: 'fr', event: 'customerReplied', fields: { event: 'customerReplied' } });
		expect(page).toContain('<html lang="fr">');
		expect(page).toContain('<h1>Confirmer: Le client a répondu</h1>');
		expect(page).toContain('<form method="post" action=""><input type="hidden" name="event" value="customerReplied"><button type="submit">Confirmer</button></form>');
		expect(page).not.toMatch(/<script|https?:\/\//);
	});

	it('thanks the person once recorded, with no form', () => {
		const page = renderResumePage({ kind: 'done', language: 'en', event: 'resolved' });
		expect(page).toContain('<h1>Thank you</h1><p><strong>The problem is resolved</strong></p>');
		expect(page).not.toContain('<form');
	});

	it('names an unknown event as it is, escaped', () => {
		const page = renderResumePage({ kind: 'refused', language: 'en', reason: 'The event "<b>x</b>" is not accepted' });
		expect(page).toContain('<p>The event &#34;&#60;b&#62;x&#60;/b&#62;&#34; is not accepted</p>');
		expect(page).not.toContain('<b>x</b>');
	});
});
