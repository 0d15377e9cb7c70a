// The pt-BR strings of the knowledge base ("Perguntas frequentes") screens and suggestions. Kept
// apart from messages.ts so they load with those screens, not with the widget's first bytes.
export const kbMsg = {
  title: 'Perguntas frequentes',
  intro: 'Respostas do CAU/SP para as dúvidas mais comuns. Procure antes de abrir um chamado: muitas vezes a solução está aqui.',
  searchLabel: 'Buscar nas perguntas frequentes',
  searchHint: 'Escreva com suas palavras, por exemplo: segunda via do boleto.',
  searchButton: 'Buscar',
  topicsLabel: 'Temas',
  allTopics: 'Todos os temas',
  loading: 'Carregando…',
  results: (n: number, query: string) =>
    query ? (n === 0 ? `Nenhum artigo encontrado para “${query}”.` : n === 1 ? `1 artigo encontrado para “${query}”.` : `${n} artigos encontrados para “${query}”.`)
      : n === 1 ? '1 artigo.' : `${n} artigos.`,
  noResults: 'Não encontramos um artigo sobre isso. Tente outras palavras ou abra um chamado.',
  back: 'Voltar às perguntas frequentes',
  updated: (when: string) => `Atualizado em ${when}`,
  notFound: 'Este artigo não existe mais ou foi retirado do ar.',
  helpedQuestion: 'Este artigo respondeu sua dúvida?',
  helpedYes: 'Isso resolveu minha dúvida',
  helpedNo: 'Não resolveu',
  thanks: 'Obrigado pela resposta!',
  openTicket: 'Abrir um chamado',
  signInToOpen: 'Entre para abrir um chamado',
  stillNeedHelp: 'Ainda precisa de ajuda?',
  suggestionsTitle: 'Estes artigos podem responder sua dúvida',
  suggestionsIntro: 'Enquanto você escreve, procuramos nas perguntas frequentes.',
  read: 'Ler o artigo',
  hide: 'Fechar o artigo',
  deflected: 'Que bom que resolveu! Você não precisa abrir um chamado. Seu rascunho continua aqui, caso ainda precise.',
  notHelpedNote: 'Certo. Continue preenchendo o chamado abaixo.',
  loadError: 'Não foi possível carregar as perguntas frequentes. Verifique sua conexão e tente novamente.',
  retry: 'Tentar novamente',
};
