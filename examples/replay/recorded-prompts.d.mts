export declare const recordedPrompts: Record<string, { prompt: string; source: string }>;
