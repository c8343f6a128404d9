// Placeholder replaced below.
export async function speedSection(_work: string, _records: number): Promise<void> {}
