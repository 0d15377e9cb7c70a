// A fixed set of knowledge-base articles as the council would write them, and searches written as
// professionals type them (plurals, missing accents, typos, words from the body), each with the
// article it should find. Used by the kb integration test (search quality) and bench/kb.ts.
import type { Topic } from '@cau/shared';

export interface FixtureArticle {
  key: string;
  title: string;
  topic: Topic;
  keywords: string[];
  body: string;
}

export const KB_ARTICLES: FixtureArticle[] = [
  {
    key: 'boleto', title: 'Segunda via do boleto da anuidade', topic: 'annuity', keywords: ['boleto', 'segunda via', 'guia'],
    body: 'Entre no **SICCAU** com seu CPF e senha, abra *Financeiro > Anuidades* e clique em "Emitir boleto". O boleto atualizado inclui juros e multa do atraso.',
  },
  {
    key: 'parcelamento', title: 'Parcelamento de anuidades em atraso', topic: 'annuity', keywords: ['parcelar', 'débito', 'dívida', 'acordo'],
    body: 'Débitos de anos anteriores podem ser divididos em até 10 parcelas mensais. No SICCAU, escolha *Financeiro > Negociar débitos* e confirme o acordo.',
  },
  {
    key: 'desconto', title: 'Desconto para pagamento da anuidade em cota única', topic: 'annuity', keywords: ['desconto', 'cota única', 'janeiro'],
    body: 'Quem paga a anuidade em cota única até 31 de janeiro tem desconto. Depois dessa data vale o valor cheio, que pode ser dividido em cinco parcelas.',
  },
  {
    key: 'isencao', title: 'Isenção da anuidade para recém-formados e aposentados', topic: 'annuity', keywords: ['isenção', 'aposentadoria', 'doença grave'],
    body: 'Profissionais aposentados por invalidez ou com doença grave podem pedir isenção. Recém-formados têm redução no primeiro ano de registro.',
  },
  {
    key: 'pago-em-aberto', title: 'Paguei a anuidade e ela continua em aberto', topic: 'annuity', keywords: ['compensação', 'baixa', 'pagamento'],
    body: 'A baixa do pagamento leva até 3 dias úteis depois da compensação bancária. Se passou esse prazo, abra um chamado com o comprovante anexado.',
  },
  {
    key: 'rrt-emitir', title: 'Como emitir um RRT', topic: 'rrt', keywords: ['registro de responsabilidade técnica', 'emissão', 'atividade'],
    body: 'O Registro de Responsabilidade Técnica é feito no SICCAU em *RRT > Novo RRT*. Escolha o tipo, descreva a atividade técnica, o endereço da obra e pague a taxa.',
  },
  {
    key: 'rrt-baixa', title: 'RRT não foi efetivado depois do pagamento', topic: 'rrt', keywords: ['taxa', 'efetivação', 'rrt pago'],
    body: 'O RRT só é efetivado quando a compensação do boleto da taxa chega ao CAU, em até 2 dias úteis. Confira a situação em *RRT > Meus RRTs*.',
  },
  {
    key: 'rrt-retificar', title: 'Retificar um RRT com dados errados', topic: 'rrt', keywords: ['corrigir', 'retificação', 'erro no rrt'],
    body: 'Um RRT efetivado pode ser retificado sem nova taxa quando a mudança não altera a atividade. Use *RRT > Retificar* e explique o que muda.',
  },
  {
    key: 'rrt-cancelar', title: 'Cancelamento de RRT', topic: 'rrt', keywords: ['cancelar', 'anular', 'obra não executada'],
    body: 'Quando a atividade não foi realizada, peça o cancelamento do RRT no SICCAU. A taxa não é devolvida, salvo pagamento em duplicidade.',
  },
  {
    key: 'rrt-extemporaneo', title: 'RRT extemporâneo para atividade já concluída', topic: 'rrt', keywords: ['extemporâneo', 'atrasado', 'obra antiga'],
    body: 'Atividades realizadas sem o registro exigem RRT extemporâneo, com taxa e análise do CAU. Reúna contratos e notas que comprovem as datas.',
  },
  {
    key: 'cat', title: 'Certidão de Acervo Técnico (CAT)', topic: 'rrt', keywords: ['acervo técnico', 'cat-a', 'licitação'],
    body: 'A CAT reúne os RRTs de atividades concluídas e serve para licitações. Peça em *Acervo > Solicitar certidão* e acompanhe a análise.',
  },
  {
    key: 'registro-definitivo', title: 'Registro profissional definitivo após o diploma', topic: 'registration', keywords: ['diploma', 'registro provisório', 'carteira'],
    body: 'Com o diploma emitido, peça a troca do registro provisório pelo definitivo no SICCAU, anexando o diploma frente e verso.',
  },
  {
    key: 'carteira', title: 'Carteira profissional de arquiteto e urbanista', topic: 'registration', keywords: ['carteira', 'identidade profissional', 'documento'],
    body: 'A carteira de identidade profissional é pedida no SICCAU e enviada pelos Correios. Uma foto 3x4 recente deve ser anexada ao pedido.',
  },
  {
    key: 'interrupcao', title: 'Interrupção do registro profissional', topic: 'registration', keywords: ['interromper', 'suspender registro', 'parar de exercer'],
    body: 'Quem não vai exercer a profissão pode interromper o registro e deixa de pagar anuidades. Não pode haver RRT em aberto nem débitos.',
  },
  {
    key: 'dados-cadastrais', title: 'Atualizar endereço e dados cadastrais', topic: 'registration', keywords: ['endereço', 'telefone', 'e-mail', 'cadastro'],
    body: 'Endereço, telefone e e-mail são alterados pelo próprio profissional no SICCAU, em *Meu cadastro*. Nome e CPF exigem documento.',
  },
  {
    key: 'certidao-regularidade', title: 'Certidão de regularidade profissional', topic: 'registration', keywords: ['certidão negativa', 'regularidade', 'nada consta'],
    body: 'A certidão de regularidade sai na hora pelo SICCAU quando não há débitos. Ela comprova que o registro está ativo.',
  },
  {
    key: 'empresa', title: 'Registro de empresa de arquitetura', topic: 'registration', keywords: ['pessoa jurídica', 'empresa', 'responsável técnico'],
    body: 'Empresas que prestam serviços de arquitetura precisam de registro no CAU e de um responsável técnico com registro ativo.',
  },
  {
    key: 'senha-siccau', title: 'Esqueci a senha do SICCAU', topic: 'other', keywords: ['senha', 'acesso', 'login siccau'],
    body: 'A senha do SICCAU é recuperada na tela de entrada do SICCAU, em "Esqueci minha senha". Ela não é a mesma senha deste portal de atendimento.',
  },
  {
    key: 'fiscalizacao', title: 'Denúncia de exercício ilegal da profissão', topic: 'other', keywords: ['denúncia', 'fiscalização', 'exercício ilegal'],
    body: 'Denúncias de obras sem responsável técnico ou de pessoas sem registro são feitas ao setor de fiscalização, que pode visitar o local.',
  },
  {
    key: 'etica', title: 'Processo ético-disciplinar', topic: 'other', keywords: ['ética', 'disciplinar', 'código de ética'],
    body: 'Condutas contrárias ao Código de Ética são apuradas pela Comissão de Ética e Disciplina, com direito a defesa em todas as fases.',
  },
];

/** Searches as professionals type them, and the key of the article each should find first (or in the top 3). */
export const KB_QUERIES: { query: string; expect: string }[] = [
  { query: 'boletos anuidades', expect: 'boleto' },
  { query: 'anuidde', expect: 'boleto' },
  { query: 'segunda via boleto', expect: 'boleto' },
  { query: 'Segunda Via', expect: 'boleto' },
  { query: 'emitir boleto anuidade atrasada', expect: 'boleto' },
  { query: 'parcelar divida', expect: 'parcelamento' },
  { query: 'parcelamento anuidade', expect: 'parcelamento' },
  { query: 'desconto cota unica', expect: 'desconto' },
  { query: 'isencao aposentado', expect: 'isencao' },
  { query: 'paguei e continua em aberto', expect: 'pago-em-aberto' },
  { query: 'pagamento nao deu baixa', expect: 'pago-em-aberto' },
  { query: 'como emitir rrt', expect: 'rrt-emitir' },
  { query: 'responsabilidade tecnica', expect: 'rrt-emitir' },
  { query: 'rrt pago nao efetivado', expect: 'rrt-baixa' },
  { query: 'retificar rrt', expect: 'rrt-retificar' },
  { query: 'corrigir erro no rrt', expect: 'rrt-retificar' },
  { query: 'cancelamento rrt', expect: 'rrt-cancelar' },
  { query: 'cancelar RRT', expect: 'rrt-cancelar' },
  { query: 'rrt extemporaneo', expect: 'rrt-extemporaneo' },
  { query: 'certidao acervo tecnico', expect: 'cat' },
  { query: 'CAT licitação', expect: 'cat' },
  { query: 'registro definitivo diploma', expect: 'registro-definitivo' },
  { query: 'carteira profissional', expect: 'carteira' },
  { query: 'interromper registro', expect: 'interrupcao' },
  { query: 'mudar endereco', expect: 'dados-cadastrais' },
  { query: 'certidão de regularidade', expect: 'certidao-regularidade' },
  { query: 'nada consta', expect: 'certidao-regularidade' },
  { query: 'registro empresa', expect: 'empresa' },
  { query: 'esqueci senha siccau', expect: 'senha-siccau' },
  { query: 'denuncia obra irregular', expect: 'fiscalizacao' },
  { query: 'codigo de etica', expect: 'etica' },
  { query: 'certidao regularidade', expect: 'certidao-regularidade' },
];
