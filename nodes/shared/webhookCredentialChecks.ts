/**
 * What the credential tests of the Survey Webhook Secret and Basic Auth credentials decide.
 * There is no API to call, so a test can only say whether the value will work: it fails for a
 * value no delivery could ever be checked with, and passes anything else. A short value works
 * (a Qualtrics sharedKey or a secret a survey tool generated may be short), so it passes with a
 * notice about its length instead of a false "failed". Values are never quoted back.
 */

/** The shape of n8n's INodeCredentialTestResult, without importing n8n here. */
export interface CredentialCheck {
	status: 'OK' | 'Error';
	message: string;
}

/** Length from which a secret the user picks is hard enough to guess. */
export const RECOMMENDED_SECRET_LENGTH = 16;
export const RECOMMENDED_PASSWORD_LENGTH = 12;

const asText = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

function lengthNotice(what: string, length: number, recommended: number): string {
	return `${what} is ${length} character${length === 1 ? '' : 's'} long: it works, but one you choose yourself is safer with ${recommended} or more random characters (one a survey tool generated can stay as it is)`;
}

export function checkSharedSecretCredential(secret: unknown): CredentialCheck {
	const value = asText(secret);
	if (value === '') return { status: 'Error', message: 'The secret is empty: no delivery can be checked with it' };
	if (value.trim() === '') {
		return { status: 'Error', message: 'The secret is only spaces: no survey tool sends such a secret, and a header cannot carry one' };
	}
	const notices: string[] = [];
	if (value.length < RECOMMENDED_SECRET_LENGTH) notices.push(lengthNotice('It', value.length, RECOMMENDED_SECRET_LENGTH));
	if (value !== value.trim()) {
		notices.push('It starts or ends with spaces, which a secret header cannot carry: check that it was pasted exactly');
	}
	return { status: 'OK', message: ['The secret is set', ...notices].join('. ') };
}

export function checkBasicAuthCredential(user: unknown, password: unknown): CredentialCheck {
	if (asText(user).trim() === '') return { status: 'Error', message: 'The user name is empty' };
	const secret = asText(password);
	if (secret === '') return { status: 'Error', message: 'The password is empty: no delivery can be checked with it' };
	if (secret.length < RECOMMENDED_PASSWORD_LENGTH) {
		return {
			status: 'OK',
			message: `User name and password are set. ${lengthNotice('The password', secret.length, RECOMMENDED_PASSWORD_LENGTH)}`,
		};
	}
	return { status: 'OK', message: 'User name and password are set' };
}

/** An HTTP header name (RFC 9110 token), as a secret-header credential must give one. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

export function checkSecretHeaderCredential(headerName: unknown, secret: unknown): CredentialCheck {
	if (!HEADER_NAME.test(asText(headerName).trim())) {
		return { status: 'Error', message: 'The header name must be one word of letters, digits or dashes, such as X-Resume-Secret' };
	}
	return checkSharedSecretCredential(secret);
}
