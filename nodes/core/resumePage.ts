/**
 * The small pages a person sees behind a resume link, in English or French. Mail scanners open every link in an
 * email, so opening the link (GET) only shows a button; pressing it (a POST from this page) resumes the wait.
 */
export const PAGE_LANGUAGES = ['en', 'fr'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

type PageKind = 'confirm' | 'done' | 'refused';

interface Wording {
	title: Record<PageKind, string>;
	lead: Record<PageKind, string>;
	button: string;
	events: Record<string, string>;
}

const WORDING: Record<PageLanguage, Wording> = {
	en: {
		title: { confirm: 'Confirm', done: 'Thank you', refused: 'This link cannot be used' },
		lead: {
			confirm: 'Press the button to record this. Opening the link alone records nothing.',
			done: 'It is recorded. You can close this page.',
			refused: 'Nothing was recorded.',
		},
		button: 'Confirm',
		events: {
			customerReplied: 'The customer replied',
			escalated: 'The case is escalated',
			resolved: 'The problem is resolved',
		},
	},
	fr: {
		title: { confirm: 'Confirmer', done: 'Merci', refused: 'Ce lien ne peut pas être utilisé' },
		lead: {
			confirm: 'Appuyez sur le bouton pour l’enregistrer. Ouvrir le lien seul n’enregistre rien.',
			done: 'C’est enregistré. Vous pouvez fermer cette page.',
			refused: 'Rien n’a été enregistré.',
		},
		button: 'Confirmer',
		events: {
			customerReplied: 'Le client a répondu',
			escalated: 'Le dossier est escaladé',
			resolved: 'Le problème est résolu',
		},
	},
};

const escapeHtml = (text: string): string =>
	text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** The page's language: an explicit `lang` first, then the browser's Accept-Language, else the fallback. */
export function pageLanguageFor(explicit: unknown, acceptLanguage: unknown, fallback: PageLanguage = 'en'): PageLanguage {
	const known = (tag: string): PageLanguage | undefined => PAGE_LANGUAGES.find((language) => tag.toLowerCase().split('-')[0] === language);
	if (typeof explicit === 'string' && known(explicit)) return known(explicit) as PageLanguage;
	if (typeof acceptLanguage !== 'string') return fallback;
	const ranked = acceptLanguage
		.split(',')
		.map((part, order) => {
			const [tag, ...parameters] = part.trim().split(';');
			const quality = parameters.map((parameter) => /^\s*q=([\d.]+)\s*$/.exec(parameter)?.[1]).find(Boolean);
			return { tag: tag.trim(), quality: quality === undefined ? 1 : Number(quality), order };
		})
		.filter((entry) => entry.quality > 0)
		.sort((a, b) => b.quality - a.quality || a.order - b.order);
	for (const { tag } of ranked) {
		const language = known(tag);
		if (language) return language;
	}
	return fallback;
}

export interface ResumePage {
	kind: PageKind;
	language: PageLanguage;
	/** The event the button records (confirm), or that was recorded (done). */
	event?: string;
	/** Why a refused link cannot be used, already in the page's language or neutral. */
	reason?: string;
	/** Hidden form fields the button posts back (confirm only). */
	fields?: Record<string, string>;
}

/** A complete HTML page with no script and no outside resource; the form posts back to the page's own URL. */
export function renderResumePage({ kind, language, event, reason, fields = {} }: ResumePage): string {
	const words = WORDING[language];
	const what = event ? (words.events[event] ?? event) : '';
	const heading = kind === 'confirm' && what ? `${words.title.confirm}: ${what}` : words.title[kind];
	const hidden = Object.entries(fields)
		.map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
		.join('');
	const body = [
		`<h1>${escapeHtml(heading)}</h1>`,
		kind === 'done' && what ? `<p><strong>${escapeHtml(what)}</strong></p>` : '',
		reason ? `<p>${escapeHtml(reason)}</p>` : '',
		`<p>${escapeHtml(words.lead[kind])}</p>`,
		kind === 'confirm' ? `<form method="post" action="">${hidden}<button type="submit">${escapeHtml(words.button)}</button></form>` : '',
	].join('');
	return [
		'<!doctype html>',
		`<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
		'<meta name="robots" content="noindex">',
		`<title>${escapeHtml(heading)}</title>`,
		'<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2937}',
		'button{font-size:1rem;padding:.6rem 1.4rem;border:0;border-radius:.4rem;background:#2563eb;color:#fff;cursor:pointer}</style>',
		`</head><body>${body}</body></html>`,
	].join('');
}
