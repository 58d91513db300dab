import { DeliveryError } from '../../nodes/shared/errors';
import { checkDeclaredLength, decodeDelivery, parseContentType } from '../../nodes/shared/inboundDelivery';

const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
	decodeDelivery({
		method: 'post',
		headers: { 'content-type': 'application/json', ...headers },
		rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
	});

function failure(run: () => unknown): { status: number; field: string; message: string } | string {
	try {
		run();
		return 'no error was thrown';
	} catch (error) {
		if (error instanceof DeliveryError) return { status: error.status, field: error.field, message: error.message };
		return `a ${String(error)} was thrown instead of a DeliveryError`;
	}
}

describe('decoding a delivery', () => {
	it('parses JSON and keeps the exact bytes and lower-cased headers', () => {
		const delivery = post('{"score": 3}', { 'Typeform-Signature': 'sha256=abc' });
		expect(delivery.body).toEqual({ score: 3 });
		expect(delivery.rawBody.toString()).toBe('{"score": 3}');
		expect(delivery.headers['typeform-signature']).toBe('sha256=abc');
		expect(delivery.method).toBe('POST');
		expect(delivery.contentType).toBe('application/json');
	});

	it('answers 400 naming the JSON problem', () => {
		const result = failure(() => post('{"score": 3'));
		expect(result).toMatchObject({ status: 400, field: 'body' });
		expect((result as { message: string }).message).toMatch(/not valid JSON/);
	});

	it('answers 400 for an empty body', () => {
		expect(failure(() => post(''))).toMatchObject({ status: 400, field: 'body', message: expect.stringMatching(/empty/) });
	});

	it('answers 413 above the size limit, before reading when the length is announced', () => {
		expect(failure(() => decodeDelivery({ method: 'POST', headers: {}, rawBody: Buffer.alloc(2048, 32) }, 1024))).toMatchObject({
			status: 413,
			field: 'body',
		});
		expect(failure(() => checkDeclaredLength({ 'content-length': '5000000' }, 1024))).toMatchObject({ status: 413 });
		expect(failure(() => checkDeclaredLength({ 'content-length': '10' }, 1024))).toBe('no error was thrown');
	});

	it('answers 415 for an encoding or charset it cannot read', () => {
		expect(failure(() => post('{}', { 'content-encoding': 'br' }))).toMatchObject({ status: 415, field: 'content-encoding' });
		expect(failure(() => post('{}', { 'content-type': 'application/json; charset=klingon' }))).toMatchObject({
			status: 415,
			field: 'content-type',
		});
		expect(failure(() => post('<a/>', { 'content-type': 'application/xml' }))).toMatchObject({ status: 415 });
	});

	it('decodes Latin-1 and UTF-16 bodies and refuses broken UTF-8', () => {
		expect(post(Buffer.from('{"comment":"très déçu"}', 'latin1'), { 'content-type': 'application/json; charset=ISO-8859-1' }).body).toEqual({
			comment: 'très déçu',
		});
		expect(post(Buffer.from('{"comment":"déçu"}', 'utf16le'), { 'content-type': 'application/json; charset=utf-16le' }).body).toEqual({
			comment: 'déçu',
		});
		expect(failure(() => post(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])))).toMatchObject({ status: 400, field: 'body' });
	});

	it('reads URL-encoded forms as text fields', () => {
		const delivery = post('Topic=brand.surveyengine.completedResponse.SV_1&MSG=%7B%22a%22%3A1%7D&HMAC=ab', {
			'content-type': 'application/x-www-form-urlencoded',
		});
		expect(delivery.body).toEqual({ Topic: 'brand.surveyengine.completedResponse.SV_1', MSG: '{"a":1}', HMAC: 'ab' });
	});

	it('reads JSON sent as text/plain or without a content type', () => {
		expect(post('{"a":1}', { 'content-type': 'text/plain' }).body).toEqual({ a: 1 });
		expect(decodeDelivery({ method: 'POST', headers: {}, rawBody: Buffer.from(' [1]') }).body).toEqual([1]);
		expect(post('hello', { 'content-type': 'text/plain' }).body).toBe('hello');
	});

	describe('multipart form data', () => {
		const boundary = '------JotformBoundary7MA4YWxkTrZu0gW';
		const part = (name: string, value: string, extra = '') =>
			`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n${value}\r\n`;
		const multipart = (body: string) =>
			post(body, { 'content-type': `multipart/form-data; boundary=${boundary}` });

		it('keeps text fields, and lists file fields by name', () => {
			const body =
				part('formID', '241234567890') +
				part('rawRequest', '{"q3_nps":"2","q4_comment":"Trop d\'attente\\r\\nau SAV"}') +
				part('upload', 'binary bytes', '; filename="a.png"\r\nContent-Type: image/png') +
				`--${boundary}--\r\n`;
			expect(multipart(body).body).toEqual({
				formID: '241234567890',
				rawRequest: '{"q3_nps":"2","q4_comment":"Trop d\'attente\\r\\nau SAV"}',
				files: ['upload'],
			});
		});

		// What proxies, relays and test tools do to line ends: every CRLF becomes LF, or only some do.
		const withLineEnds = (body: string, lineEnd: 'lf' | 'mixed') => {
			let n = 0;
			return body.replace(/\r\n/g, () => (lineEnd === 'lf' || n++ % 2 === 0 ? '\n' : '\r\n'));
		};
		const jotformFields = () =>
			part('formID', '241234567890') +
			part('pretty', 'How likely:4, Comments:Trop d\'attente') +
			part('empty', '') +
			part('rawRequest', '{"q3_howLikely":"4","q4_comment":"ligne 1\\nligne 2"}') +
			part('upload', 'binary bytes', '; filename="a.png"\r\nContent-Type: image/png') +
			`--${boundary}--\r\n`;
		const expectedFields = {
			formID: '241234567890',
			pretty: "How likely:4, Comments:Trop d'attente",
			empty: '',
			rawRequest: '{"q3_howLikely":"4","q4_comment":"ligne 1\\nligne 2"}',
			files: ['upload'],
		};

		it.each([
			['CRLF, as browsers and Jotform send it', (body: string) => body],
			['bare LF, as some proxies and test tools rewrite it', (body: string) => withLineEnds(body, 'lf')],
			['CRLF and LF mixed', (body: string) => withLineEnds(body, 'mixed')],
			['a preamble and transport padding after the boundaries', (body: string) => `This is a preamble.\r\n${body.replace(/(--${boundary})\r\n/g, '$1  \r\n')}`],
		])('reads the same fields with %s', (_case, lineEnds) => {
			expect(multipart(lineEnds(jotformFields())).body).toEqual(expectedFields);
		});

		it('keeps line breaks inside a value as they were sent', () => {
			const body = part('comment', 'ligne 1\r\nligne 2\nligne 3') + `--${boundary}--`;
			expect(multipart(body).body).toEqual({ comment: 'ligne 1\r\nligne 2\nligne 3' });
		});

		it('does not take a longer string that starts with the boundary for a delimiter', () => {
			const body = part('a', `x\r\n--${boundary}-not-a-delimiter\r\ny`) + `--${boundary}--\r\n`;
			expect(multipart(body).body).toEqual({ a: `x\r\n--${boundary}-not-a-delimiter\r\ny` });
		});

		it.each([
			['no closing boundary, CRLF', part('formID', '1')],
			['no closing boundary, LF', withLineEnds(part('formID', '1'), 'lf')],
			['a part without a header block', `--${boundary}\nContent-Disposition: form-data; name="a"\n--${boundary}--\n`],
			['a part without a field name', `--${boundary}\nContent-Type: text/plain\n\nvalue\n--${boundary}--\n`],
			['the boundary only inside a line', `preamble --${boundary}\nContent-Disposition: form-data; name="a"\n\nv\n`],
		])('still answers 400 for a truly malformed body: %s', (_case, body) => {
			expect(failure(() => multipart(body))).toMatchObject({ status: 400 });
		});

		it('answers 400 for a body cut short or a missing boundary', () => {
			expect(failure(() => multipart(part('formID', '1')))).toMatchObject({ status: 400, message: expect.stringMatching(/closing boundary/) });
			expect(failure(() => post('x', { 'content-type': 'multipart/form-data' }))).toMatchObject({ status: 400, field: 'content-type' });
			expect(failure(() => multipart('no boundary here'))).toMatchObject({ status: 400, field: 'body' });
		});
	});

	it('leaves HEAD requests undecoded', () => {
		expect(decodeDelivery({ method: 'HEAD', headers: {}, rawBody: Buffer.alloc(0) }).body).toBeUndefined();
	});

	it('splits content-type parameters', () => {
		expect(parseContentType('Multipart/Form-Data; boundary="abc"; charset=UTF-8')).toEqual({
			mediaType: 'multipart/form-data',
			parameters: { boundary: 'abc', charset: 'UTF-8' },
		});
	});
});
