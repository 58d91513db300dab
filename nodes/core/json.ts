/** Reads JSON text typed into a node field; undefined when it is not valid JSON, for the caller to explain. */
export function parseJsonText(text: string): { value: unknown } | undefined {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch {
		return undefined;
	}
}
