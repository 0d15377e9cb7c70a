// Entry of the widget module: registers <cau-atendimento> and its screens, and exports the types a
// host page written in TypeScript may want (event details, the element class).
import { CauAtendimento } from './cau-atendimento';
import { define } from './define';
import { ApproveForm } from './elements/approve-form';
import { AttachmentsField } from './elements/attachments-field';
import { PrivacyNotice } from './elements/privacy-notice';
import { ReplyForm } from './elements/reply-form';
import { AccountScreen } from './screens/account-screen';
import { ForgotScreen } from './screens/forgot-screen';
import { LoginScreen } from './screens/login-screen';
import { NewTicketScreen } from './screens/new-ticket-screen';
import { ResetScreen } from './screens/reset-screen';
import { SignupAccessScreen } from './screens/signup-access-screen';
import { SignupScreen } from './screens/signup-screen';
import { TicketScreen } from './screens/ticket-screen';
import { TicketsScreen } from './screens/tickets-screen';
import type { CauLoginDetail, CauLogoutDetail, CauTicketCreatedDetail } from './cau-atendimento';

export { CauAtendimento };
export type { CauLoginDetail, CauLogoutDetail, CauTicketCreatedDetail };

define('cau-attachments', AttachmentsField);
define('cau-reply-form', ReplyForm);
define('cau-approve-form', ApproveForm);
define('cau-privacy-notice', PrivacyNotice);
define('cau-login-screen', LoginScreen);
define('cau-signup-screen', SignupScreen);
define('cau-signup-access-screen', SignupAccessScreen);
define('cau-forgot-screen', ForgotScreen);
define('cau-reset-screen', ResetScreen);
define('cau-tickets-screen', TicketsScreen);
define('cau-new-ticket-screen', NewTicketScreen);
define('cau-ticket-screen', TicketScreen);
define('cau-account-screen', AccountScreen);
define('cau-atendimento', CauAtendimento);

declare global {
  interface HTMLElementTagNameMap {
    'cau-atendimento': CauAtendimento;
    'cau-attachments': AttachmentsField;
    'cau-reply-form': ReplyForm;
    'cau-approve-form': ApproveForm;
    'cau-privacy-notice': PrivacyNotice;
    'cau-login-screen': LoginScreen;
    'cau-signup-screen': SignupScreen;
    'cau-signup-access-screen': SignupAccessScreen;
    'cau-forgot-screen': ForgotScreen;
    'cau-reset-screen': ResetScreen;
    'cau-tickets-screen': TicketsScreen;
    'cau-new-ticket-screen': NewTicketScreen;
    'cau-ticket-screen': TicketScreen;
    'cau-account-screen': AccountScreen;
  }
  interface CauEventMap {
    'cau-login': CustomEvent<CauLoginDetail>;
    'cau-logout': CustomEvent<CauLogoutDetail>;
    'cau-ticket-created': CustomEvent<CauTicketCreatedDetail>;
  }
  // The events are composed and bubble: the host page may listen on the element, the document or the window.
  interface HTMLElementEventMap extends CauEventMap {}
  interface DocumentEventMap extends CauEventMap {}
  interface WindowEventMap extends CauEventMap {}
}
