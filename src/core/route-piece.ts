/**
 * Where each piece of a chunk's delta goes: reasoning pieces to the open reasoning item, text,
 * refusals and citations to the open message (each opened on demand, which closes the other).
 */
import type { MessageItem } from './message-item';
import type { DeltaPiece } from './read-delta';
import type { ReasoningItem } from './reasoning-item';

/** Adds `piece` to the item it belongs to, opened by `reasoning()` or `message()`. */
export function routePiece(
  piece: DeltaPiece,
  reasoning: () => ReasoningItem,
  message: () => MessageItem,
): void {
  switch (piece.kind) {
    case 'summary':
      reasoning().appendSummary(piece.text);
      break;
    case 'reasoning':
      reasoning().appendText(piece.text, piece.format);
      break;
    case 'thinking':
      reasoning().addThinking(piece.block);
      break;
    case 'detail':
      reasoning().addDetail(piece.detail, piece.showSummary);
      break;
    case 'text':
      message().appendText(piece.text, undefined);
      break;
    case 'refusal':
      message().appendRefusal(piece.text);
      break;
    case 'annotation':
      message().addAnnotation(piece.annotation);
      break;
  }
}
