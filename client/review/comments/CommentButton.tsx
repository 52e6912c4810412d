// The toolbar's "Comment" button: comments on the selection (also Ctrl/Cmd+Alt+M).
import { shortcutLabel } from '../../editor/keymap';
import { COMMENT_SHORTCUT, type CommentRequests } from './requests';

export function CommentButton({ requests }: { requests: CommentRequests }) {
  return (
    <button type="button" data-command="comment" title={`Comment on the selection (${shortcutLabel(COMMENT_SHORTCUT)})`}
      onMouseDown={(event) => event.preventDefault()} onClick={() => requests.start()}>
      Comment
    </button>
  );
}
