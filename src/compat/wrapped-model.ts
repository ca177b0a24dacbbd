import type { ResponsesBridgeLanguageModel } from '../ai-sdk/responses-bridge-language-model';

/** An older-spec model over the V4 model: the identity is the V4 model's. */
export abstract class WrappedModel {
  protected readonly model: ResponsesBridgeLanguageModel;

  constructor(model: ResponsesBridgeLanguageModel) {
    this.model = model;
  }

  get provider(): string {
    return this.model.provider;
  }

  get modelId(): string {
    return this.model.modelId;
  }

  get supportedUrls() {
    return this.model.supportedUrls;
  }
}
