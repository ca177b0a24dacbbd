export declare const fixturesDir: string;
export declare const defaultFixture: string;
export declare function listFixtures(): string[];
export declare function readFixture(name: string): string[];
export declare function answerChunks(toolMessage: { content: string }, model: string): string[];
export declare function toCompletion(lines: string[]): Record<string, unknown>;
export declare function startReplayServer(options?: {
  fixture?: string;
  delayMs?: number;
  port?: number;
  onChunk?: (line: string) => void;
}): Promise<{ baseURL: string; close: () => Promise<void> }>;
