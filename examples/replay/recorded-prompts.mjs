/**
 * The prompt each recording in test/fixtures/chat-streams was made with, where it is known, so
 * that the demo asks the question the recording answers. The recordings hold only the response;
 * the prompt comes from where the recording was made (test/fixtures/README.md names each source):
 *
 * - pydantic/pydantic-ai cassettes keep the request beside the response: the last user message
 *   of the request whose response is the recording (read from the cassette's `parsed_body`).
 * - vercel/ai fixtures keep only the chunks: the prompt of the vercel/ai example that streams that
 *   model with that tool, where the recording itself says what it was asked (its reasoning
 *   repeats the question). Where neither holds, the prompt is not known and is left out.
 */

/** @type {Record<string, { prompt: string; source: string }>} */
export const recordedPrompts = {
  'deepseek-reasoner-reasoning-tool-call': {
    prompt: 'What is the weather in San Francisco?',
    source: 'vercel/ai examples/ai-core/src/stream-text/deepseek-tool-call.ts',
  },
  'deepseek-reasoner-reasoning': {
    prompt: 'How many "r"s are in the word "strawberry"?',
    source: 'vercel/ai examples/ai-core/src/stream-text/deepseek-reasoner.ts',
  },
  'groq-gpt-oss-120b-in-stream-error': {
    prompt:
      'Please call the "get_something_by_name" tool with non-existent parameters to test error handling',
    source: 'pydantic-ai test_groq/test_tool_use_failed_error_streaming.yaml, interaction 0',
  },
  'groq-gpt-oss-120b-reasoning-tool-call': {
    prompt:
      'Please call the "get_something_by_name" tool with non-existent parameters to test error handling',
    source:
      'pydantic-ai test_groq/test_tool_use_failed_error_streaming.yaml, interaction 1 (the retry)',
  },
  'mistral-magistral-medium-thinking-content-array': {
    prompt: 'How do I cross the street?',
    source: 'pydantic-ai test_mistral/test_mistral_model_thinking_part_iter.yaml',
  },
  'openai-gpt-4o-mini-text': {
    prompt: 'What is the capital of the UK? Use the tool, then answer.',
    source:
      'pydantic-ai test_openai/test_run_stream_sync_streams_real_model.yaml, interaction 1 (after the get_capital tool answered "London")',
  },
  'openai-gpt-4o-parallel-tool-calls': {
    prompt: 'Tell me: the capital of the country; the weather there; the product name',
    source: 'pydantic-ai test_temporal/test_complex_agent_run.yaml, interaction 0',
  },
  'openai-gpt-5-moderation-trailing-chunk': {
    prompt: 'What is the capital of France?',
    source: 'pydantic-ai test_openai/test_openai_moderation_stream.yaml',
  },
  'openrouter-claude-sonnet-4.5-reasoning-details': {
    prompt: 'What is 2+2?',
    source: 'pydantic-ai test_openrouter/test_openrouter_streaming_reasoning.yaml',
  },
  'openrouter-deepseek-chat-annotations': {
    prompt: "Use web search to find Pydantic AI's GitHub repository and answer with its URL only.",
    source: 'pydantic-ai test_openrouter/test_openrouter_web_search_annotations_stream.yaml',
  },
  'openrouter-minimax-m2-in-stream-error': {
    prompt: 'Hello there',
    source:
      'pydantic-ai test_openrouter/test_openrouter_stream_error.yaml (max_completion_tokens 10)',
  },
  'openrouter-o3-encrypted-reasoning': {
    prompt: 'Who are you',
    source: 'pydantic-ai test_openrouter/test_openrouter_stream_with_reasoning.yaml',
  },
  'snowflake-claude-sonnet-4-6-reasoning-details': {
    prompt: 'What is 15 * 27?',
    source: 'pydantic-ai test_snowflake/test_snowflake_thinking_streaming.yaml',
  },
  'vllm-crusoe-llama-3.3-text': {
    prompt: 'Count from 1 to 5, comma separated.',
    source: 'pydantic-ai test_crusoe/test_crusoe_model_streaming.yaml',
  },
  'zai-glm-4.7-reasoning-content': {
    prompt: 'What is 2 + 2?',
    source: 'pydantic-ai test_zai/test_zai_thinking_stream.yaml',
  },
};
