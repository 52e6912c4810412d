// Comments and version history in the editor: the side tabs, the toolbar button, the editor plugins.
export { CommentRequests, commentPlugins, COMMENT_SHORTCUT } from './requests';
export { CommentButton } from './CommentButton';
export { ReviewTabs } from './ReviewTabs';
import './comments.css';
