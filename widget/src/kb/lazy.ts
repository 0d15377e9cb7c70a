// The knowledge base's part of the widget, loaded on first use: the FAQ screen, the suggestions
// beside a new ticket and the article reader with its Markdown renderer. Built on its own into
// widget/dist/cau-atendimento-kb.js (vite.kb.config.ts); the main module imports it by that URL.
import '../screens/faq-screen';
import '../elements/kb-suggestions';
import '../elements/kb-article';
