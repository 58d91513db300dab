/** Dot paths as ops people write them in n8n: `respondent.email`, `answers[0].value` or `answers.0.value`. */
export function splitPath(path: string): string[] {
	return path
		.replace(/\[(\d+)\]/g, '.$1')
		.split('.')
		.map((segment) => segment.trim())
		.filter((segment) => segment !== '');
}

export function readPath(source: unknown, path: string): unknown {
	let current: unknown = source;
	for (const segment of splitPath(path)) {
		if (current === null || typeof current !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
		current = (current as Record<string, unknown>)[segment];
	}
	return current;
}
