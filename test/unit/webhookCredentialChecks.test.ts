/**
 * The Survey Webhook Secret and Basic Auth credential tests: they fail only for a value that
 * cannot work at run time; a short one passes with a notice, because a survey tool may generate
 * shorter secrets (a Qualtrics sharedKey, a tool's own signing secret) and they work.
 */
import { SurveyTrigger } from '../../nodes/SurveyTrigger/SurveyTrigger.node';
import { checkBasicAuthCredential, checkSecretHeaderCredential, checkSharedSecretCredential } from '../../nodes/shared/webhookCredentialChecks';

describe('the shared-secret credential check', () => {
	it.each([
		['empty', ''],
		['missing', undefined],
		['only spaces', '   '],
	])('fails a secret that is %s: no delivery can be checked with it', (_case, secret) => {
		expect(checkSharedSecretCredential(secret)).toEqual({ status: 'Error', message: expect.stringMatching(/secret/i) });
	});

	it.each([
		['a Qualtrics-style short shared key', 'qk8Fz2'],
		['one character', 'Z'],
		['15 characters', 'a'.repeat(15)],
	])('passes %s, with a notice about its length', (_case, secret) => {
		const result = checkSharedSecretCredential(secret);
		expect(result.status).toBe('OK');
		expect(result.message).toMatch(new RegExp(`${secret.length} character`));
		expect(result.message).toMatch(/16/);
		expect(result.message).not.toContain(secret);
	});

	it('passes a long secret without a notice', () => {
		expect(checkSharedSecretCredential('0123456789abcdef0123')).toEqual({ status: 'OK', message: 'The secret is set' });
	});

	it('passes a secret with spaces around it, saying a secret header cannot carry them', () => {
		const result = checkSharedSecretCredential(' 0123456789abcdef0123 ');
		expect(result.status).toBe('OK');
		expect(result.message).toMatch(/spaces/);
	});
});

describe('the basic-auth credential check', () => {
	it.each([
		['an empty user name', '', 'example-basic-password'],
		['a user name of spaces', '  ', 'example-basic-password'],
		['an empty password', 'delighted', ''],
		['a missing password', 'delighted', undefined],
	])('fails %s', (_case, user, password) => {
		expect(checkBasicAuthCredential(user, password).status).toBe('Error');
	});

	it('passes a short password with a notice, never quoting it', () => {
		const result = checkBasicAuthCredential('delighted', 'pw-7');
		expect(result.status).toBe('OK');
		expect(result.message).toMatch(/4 characters/);
		expect(result.message).toMatch(/12/);
		expect(result.message).not.toContain('pw-7');
	});

	it('passes a long password without a notice', () => {
		expect(checkBasicAuthCredential('delighted', 'example-basic-password')).toEqual({
			status: 'OK',
			message: 'User name and password are set',
		});
	});
});

describe('the Survey Trigger credential tests use these checks', () => {
	const { credentialTest } = new SurveyTrigger().methods;
	const run = async (test: keyof typeof credentialTest, data: Record<string, string>) =>
		await credentialTest[test].call({} as never, { id: '1', name: 'test', type: 'x', data });

	it('passes a short Qualtrics shared key and fails an empty one', async () => {
		expect(await run('surveyWebhookSecretTest', { secret: 'qk8Fz2' })).toMatchObject({ status: 'OK' });
		expect(await run('surveyWebhookSecretTest', { secret: '' })).toMatchObject({ status: 'Error' });
	});

	it('passes a short basic-auth password and fails an empty one', async () => {
		expect(await run('surveyWebhookBasicAuthTest', { user: 'delighted', password: 'short' })).toMatchObject({ status: 'OK' });
		expect(await run('surveyWebhookBasicAuthTest', { user: 'delighted', password: '' })).toMatchObject({ status: 'Error' });
	});
});

describe('the SLA Resume Secret credential test', () => {
	it('refuses a header name that is not one HTTP token, then checks the secret as any shared secret', () => {
		expect(checkSecretHeaderCredential('X Resume Secret', 'a-long-enough-secret-value')).toMatchObject({ status: 'Error', message: expect.stringMatching(/header name/) });
		expect(checkSecretHeaderCredential('', 'a-long-enough-secret-value').status).toBe('Error');
		expect(checkSecretHeaderCredential('X-Resume-Secret', '')).toEqual(checkSharedSecretCredential(''));
		expect(checkSecretHeaderCredential(' X-Resume-Secret ', 'a-long-enough-secret-value')).toEqual({ status: 'OK', message: 'The secret is set' });
	});
});
