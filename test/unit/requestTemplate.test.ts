import { FeedbackError } from '../../nodes/core/feedback';
import { compileJsonTemplate, compileUrlTemplate } from '../../nodes/core/requestTemplate';

const where = { field: 'httpCaseCreateBody', label: 'Create Body' };
const known = ['subject', 'description', 'revision', 'tags', 'dueAt', 'resolved', 'requester.email', 'key', 'id'];

function refusal(run: () => unknown): FeedbackError {
	let caught: unknown;
	try {
		run();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(FeedbackError);
	return caught as FeedbackError;
}

describe('JSON body templates', () => {
	it('put text inside strings JSON-escaped, so quotes, backslashes and new lines cannot break the body', () => {
		const template = compileJsonTemplate('{"subject": "NPS: {{subject}}", "description": "{{description}}"}', known, where);
		const description = 'He said "never again" \\ C:\\temp\nLine 2\t</script>';
		expect(template.fill({ subject: 'Late "parcel"', description })).toEqual({ subject: 'NPS: Late "parcel"', description });
	});

	it('put a placeholder standing alone as the JSON value itself: numbers, lists, booleans, and null when empty', () => {
		const template = compileJsonTemplate('{"revision": {{revision}}, "tags": {{tags}}, "resolved": {{resolved}}, "due": {{dueAt}}}', known, where);
		expect(template.fill({ revision: 3, tags: ['closed-loop', 'delivery'], resolved: false, dueAt: null })).toEqual({
			revision: 3,
			tags: ['closed-loop', 'delivery'],
			resolved: false,
			due: null,
		});
		// A value the call does not give at all is empty too.
		expect(template.fill({})).toEqual({ revision: null, tags: null, resolved: null, due: null });
	});

	it('give lists inside text joined, numbers and booleans as words, and empty values as nothing', () => {
		const template = compileJsonTemplate('{"line": "{{tags}} | {{revision}} | {{resolved}} | {{dueAt}}."}', known, where);
		expect(template.fill({ tags: ['a', 'b'], revision: 2, resolved: true, dueAt: null })).toEqual({ line: 'a, b | 2 | true | .' });
	});

	it('read placeholder names without regard to case or spaces, and dotted names', () => {
		const template = compileJsonTemplate('{"to": "{{ Requester.Email }}", "s": {{SUBJECT}}}', known, where);
		expect(template.fill({ 'requester.email': 'ana@example.com', subject: 'x' })).toEqual({ to: 'ana@example.com', s: 'x' });
		expect([...template.placeholders]).toEqual(['requester.email', 'subject']);
	});

	it('follow escaped quotes inside strings, so a placeholder after \\" is still inside the string', () => {
		const template = compileJsonTemplate('{"s": "say \\"{{subject}}\\""}', known, where);
		expect(template.fill({ subject: 'a"b' })).toEqual({ s: 'say "a"b"' });
	});

	it('refuse an unknown placeholder when read, naming it and the known ones', () => {
		const error = refusal(() => compileJsonTemplate('{"s": "{{subjet}}"}', known, where));
		expect(error.message).toMatch(/^Create Body: unknown placeholder \{\{subjet\}\}; this call knows \{\{subject\}\}, \{\{description\}\}/);
		expect(error.field).toBe('httpCaseCreateBody');
	});

	it('refuse a body that is not JSON once filled, and a placeholder left unclosed', () => {
		expect(refusal(() => compileJsonTemplate('{"s": "{{subject}}",}', known, where)).message).toMatch(/^Create Body is not valid JSON once its placeholders are filled/);
		// A bare placeholder as a key is not JSON whatever its value.
		expect(refusal(() => compileJsonTemplate('{ {{key}}: 1 }', known, where)).message).toMatch(/not valid JSON/);
		expect(refusal(() => compileJsonTemplate('{"s": "{{subject}"}', known, where)).message).toMatch(/a placeholder is not closed/);
		expect(refusal(() => compileJsonTemplate('  ', known, where)).message).toMatch(/^Create Body is empty/);
	});

	it('take an object given by an expression as the template it spells', () => {
		const template = compileJsonTemplate({ subject: '{{subject}}', nested: { list: [1] } }, known, where);
		expect(template.fill({ subject: 'Hi' })).toEqual({ subject: 'Hi', nested: { list: [1] } });
	});
});

describe('URL templates', () => {
	const at = { field: 'httpCaseLookupUrl', label: 'Lookup URL' };

	it('percent-encode values, so a key with / ? & stays one segment or one query value', () => {
		const template = compileUrlTemplate('/tickets?external_id={{key}}&x=1', known, at);
		expect(template.fill({ key: 'typeform/a b?c&d=é' })).toBe('/tickets?external_id=typeform%2Fa%20b%3Fc%26d%3D%C3%A9&x=1');
		expect(compileUrlTemplate('/tickets/{{id}}/notes', known, at).fill({ id: 42 })).toBe('/tickets/42/notes');
	});

	it('refuse a full URL, an unknown placeholder and an empty path, naming the field', () => {
		expect(refusal(() => compileUrlTemplate('https://evil.example/tickets', known, at)).message).toMatch(/^Lookup URL: give a path under the credential's Base URL/);
		expect(refusal(() => compileUrlTemplate('//evil.example/tickets', known, at)).message).toMatch(/not a full URL/);
		expect(refusal(() => compileUrlTemplate('/tickets/{{subject}}', ['id'], at)).message).toBe('Lookup URL: unknown placeholder {{subject}}; this call knows {{id}}');
		expect(refusal(() => compileUrlTemplate('', known, at)).field).toBe('httpCaseLookupUrl');
	});

	it('as a link, require a full http(s) address', () => {
		const link = { field: 'caseLink', label: 'Case Link', kind: 'link' as const };
		expect(compileUrlTemplate('https://support.example.com/t/{{id}}', known, link).fill({ id: 'A/1' })).toBe('https://support.example.com/t/A%2F1');
		expect(refusal(() => compileUrlTemplate('/t/{{id}}', known, link)).message).toMatch(/^Case Link: give a full address/);
	});
});

describe('JSON body templates and braces', () => {
	it('take }} as JSON closing two objects, not as a broken placeholder', () => {
		const template = compileJsonTemplate('{"a":{"b":{"s":"{{subject}}"}}}', known, where);
		expect(template.fill({ subject: 'x' })).toEqual({ a: { b: { s: 'x' } } });
	});
});
