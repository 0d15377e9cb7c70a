// A fixed set of knowledge-base articles as the council would write them, and searches written as
// professionals type them (plurals, missing accents, typos, words from the body), each with the
// article it should find. 50 articles and 100 searches (the fixed set); each article is its own
// question, none a variant of another. Used by the kb integration test (search quality, reported in
// bench/README.md) and bench/kb.ts.
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
  {
    key: 'anuidade-pj', title: 'Anuidade de empresa registrada no CAU', topic: 'annuity', keywords: ['pessoa jurídica', 'anuidade pj', 'capital social'],
    body: 'Empresas registradas pagam anuidade própria, calculada pela faixa de capital social. O boleto da pessoa jurídica sai no SICCAU, no acesso do responsável técnico.',
  },
  {
    key: 'restituicao', title: 'Restituição de valor pago em duplicidade', topic: 'annuity', keywords: ['devolução', 'reembolso', 'pagamento duplicado'],
    body: 'Quem pagou a mesma guia duas vezes pode pedir a devolução do valor. Envie os dois comprovantes e os dados bancários do titular; o prazo de análise é de até 30 dias.',
  },
  {
    key: 'anuidade-proporcional', title: 'Anuidade proporcional no ano do registro', topic: 'annuity', keywords: ['proporcional', 'primeiro ano', 'meses restantes'],
    body: 'No ano em que o registro é concedido, a anuidade é cobrada só pelos meses que faltam até dezembro. O primeiro boleto aparece no SICCAU depois da aprovação do registro.',
  },
  {
    key: 'divida-ativa', title: 'Anuidade inscrita em dívida ativa ou protestada', topic: 'annuity', keywords: ['protesto', 'cartório', 'execução fiscal', 'cobrança judicial'],
    body: 'Anuidades não pagas por muito tempo são inscritas em dívida ativa e podem ser protestadas em cartório. Para regularizar, pague ou negocie o débito; a baixa do protesto é pedida depois da quitação.',
  },
  {
    key: 'quitacao-ir', title: 'Comprovante de pagamento da anuidade para o imposto de renda', topic: 'annuity', keywords: ['declaração de quitação', 'irpf', 'recibo'],
    body: 'O recibo das anuidades pagas no ano fica no SICCAU, em *Financeiro > Extrato*. Ele serve como comprovante na declaração do imposto de renda como despesa profissional.',
  },
  {
    key: 'rrt-multiplo', title: 'RRT múltiplo mensal para atividades repetidas', topic: 'rrt', keywords: ['rrt múltiplo', 'mensal', 'várias obras'],
    body: 'Atividades iguais e de pequeno porte feitas no mesmo mês, como vistorias ou laudos em série, podem entrar em um único RRT múltiplo, com uma taxa só, até o dia 15 do mês seguinte.',
  },
  {
    key: 'rrt-coautoria', title: 'RRT em coautoria ou corresponsabilidade', topic: 'rrt', keywords: ['coautor', 'dois arquitetos', 'equipe'],
    body: 'Quando dois ou mais profissionais assinam o mesmo projeto, cada um faz o seu RRT indicando os coautores. O sistema liga os registros e cada coautor paga a sua taxa.',
  },
  {
    key: 'rrt-conclusao', title: 'Baixa do RRT ao concluir a obra', topic: 'rrt', keywords: ['conclusão', 'fim da obra', 'encerrar rrt'],
    body: 'Terminada a atividade, informe a conclusão em *RRT > Meus RRTs > Dar baixa*. Só RRTs com baixa por conclusão entram na certidão de acervo técnico.',
  },
  {
    key: 'rrt-taxa', title: 'Valor da taxa do RRT e boleto vencido', topic: 'rrt', keywords: ['quanto custa', 'valor', 'reemitir guia'],
    body: 'A taxa do RRT é única, corrigida todo ano pelo Conselho Federal. Se o boleto do RRT venceu sem pagamento, gere outro em *Meus RRTs*; o RRT segue como rascunho até a compensação.',
  },
  {
    key: 'rrt-social', title: 'RRT social para assistência técnica gratuita (ATHIS)', topic: 'rrt', keywords: ['athis', 'habitação de interesse social', 'isento', 'gratuito'],
    body: 'Serviços de assistência técnica a famílias de baixa renda, na moradia de interesse social, usam o RRT social, que não paga taxa. Informe o programa e a renda da família atendida.',
  },
  {
    key: 'rrt-cargo', title: 'RRT de cargo ou função em órgão público ou empresa', topic: 'rrt', keywords: ['cargo', 'função', 'servidor público', 'vínculo'],
    body: 'Quem ocupa cargo ou função técnica, como arquiteto de prefeitura, registra um RRT de desempenho de cargo com a data de início e o ato de nomeação ou o contrato de trabalho.',
  },
  {
    key: 'rrt-substituicao', title: 'Troca do responsável técnico durante a obra', topic: 'rrt', keywords: ['substituir profissional', 'novo responsável', 'saída do responsável'],
    body: 'Se outro profissional assume a obra, o anterior dá baixa do seu RRT por interrupção e o novo faz um RRT a partir da data em que assumiu, citando o registro anterior.',
  },
  {
    key: 'rrt-autenticidade', title: 'Verificar se um RRT é autêntico', topic: 'rrt', keywords: ['consulta pública', 'validar', 'código de verificação'],
    body: 'Qualquer pessoa confere um RRT no site do CAU, em *Serviços > Autenticidade*, com o número e o código de verificação impressos no documento.',
  },
  {
    key: 'registro-recem-formado', title: 'Primeiro registro de recém-formado', topic: 'registration', keywords: ['formatura', 'primeiro registro', 'certificado de conclusão'],
    body: 'Quem acabou de se formar pede o registro no SICCAU com o certificado de conclusão do curso e o histórico. Enquanto o diploma não sai, o registro é provisório.',
  },
  {
    key: 'diploma-exterior', title: 'Registro com diploma obtido no exterior', topic: 'registration', keywords: ['revalidação', 'estrangeiro', 'diploma estrangeiro'],
    body: 'Diplomas de outros países precisam ser revalidados por universidade pública brasileira antes do registro. Depois, anexe o diploma revalidado e a tradução juramentada.',
  },
  {
    key: 'mudanca-uf', title: 'Mudança de estado e registro em outra UF', topic: 'registration', keywords: ['outro estado', 'transferência', 'uf de domicílio'],
    body: 'O registro no CAU vale em todo o país. Ao mudar de estado, só atualize a UF de domicílio no cadastro; as anuidades passam a ser pagas ao CAU da nova UF no ano seguinte.',
  },
  {
    key: 'reativacao', title: 'Reativar um registro interrompido', topic: 'registration', keywords: ['voltar a exercer', 'reativar', 'retorno'],
    body: 'Para voltar a exercer depois de uma interrupção, peça a reativação no SICCAU. A anuidade do ano volta a ser cobrada de forma proporcional a partir do mês do pedido.',
  },
  {
    key: 'cancelamento-registro', title: 'Cancelamento definitivo do registro profissional', topic: 'registration', keywords: ['cancelar registro', 'deixar a profissão', 'falecimento'],
    body: 'O cancelamento encerra o registro de vez; para exercer de novo é preciso um novo registro. Familiares também podem pedir o cancelamento por falecimento, com a certidão de óbito.',
  },
  {
    key: 'nome-social', title: 'Nome social no registro e na carteira', topic: 'registration', keywords: ['nome social', 'identidade de gênero'],
    body: 'O nome social pode constar no registro, na carteira profissional e nas certidões. Peça a inclusão no SICCAU; não é preciso apresentar documento além do pedido.',
  },
  {
    key: 'especializacao', title: 'Anotar pós-graduação ou especialização no registro', topic: 'registration', keywords: ['pós-graduação', 'especialização', 'engenharia de segurança', 'título'],
    body: 'Cursos de especialização, mestrado ou doutorado podem ser anotados no registro com o certificado e o histórico. A especialização em engenharia de segurança do trabalho amplia as atribuições.',
  },
  {
    key: 'atribuicoes', title: 'Atribuições profissionais do arquiteto e urbanista', topic: 'registration', keywords: ['o que posso fazer', 'competência', 'lei 12.378'],
    body: 'As atividades que o arquiteto e urbanista pode assinar estão na Lei 12.378/2010 e na Resolução 21 do CAU/BR: projeto, execução de obra, paisagismo, urbanismo, patrimônio, conforto ambiental e outras.',
  },
  {
    key: 'honorarios', title: 'Tabela de honorários de projeto', topic: 'other', keywords: ['honorários', 'quanto cobrar', 'preço de projeto'],
    body: 'O CAU/BR publica tabelas de referência de honorários, com o cálculo por área e complexidade do projeto. Elas orientam o orçamento, mas o valor é combinado em contrato.',
  },
  {
    key: 'contrato', title: 'Modelo de contrato de prestação de serviços de arquitetura', topic: 'other', keywords: ['contrato', 'modelo', 'cliente'],
    body: 'Há modelos de contrato para projeto e para execução de obra no site do CAU. O contrato escrito protege o profissional e o cliente e é exigido em caso de fiscalização.',
  },
  {
    key: 'ouvidoria', title: 'Ouvidoria do CAU/SP', topic: 'other', keywords: ['reclamação', 'elogio', 'sugestão'],
    body: 'A Ouvidoria recebe reclamações, elogios e sugestões sobre os serviços do Conselho, depois que o atendimento comum não resolveu. A resposta sai em até 20 dias.',
  },
  {
    key: 'eleicoes', title: 'Eleições do CAU: voto obrigatório e justificativa', topic: 'other', keywords: ['votação', 'eleição', 'multa eleitoral', 'justificar ausência'],
    body: 'O voto nas eleições do CAU é obrigatório para quem tem registro ativo e é feito pela internet. Quem não votar deve justificar em até 60 dias para não pagar multa.',
  },
  {
    key: 'atendimento-presencial', title: 'Atendimento presencial nas sedes do CAU/SP', topic: 'other', keywords: ['agendamento', 'endereço da sede', 'escritório regional', 'horário'],
    body: 'O atendimento presencial é feito com hora marcada na sede da capital e nos escritórios regionais do interior. Agende pelo site; leve documento com foto.',
  },
  {
    key: 'senha-portal', title: 'Não consigo entrar no portal de atendimento', topic: 'other', keywords: ['login do portal', 'bloqueado', 'redefinir senha'],
    body: 'Use "Esqueci minha senha" na tela de entrada deste portal para receber um link de redefinição por e-mail. Depois de várias tentativas erradas o acesso fica bloqueado por alguns minutos.',
  },
  {
    key: 'lgpd', title: 'Seus dados pessoais no CAU (LGPD)', topic: 'other', keywords: ['lgpd', 'privacidade', 'encarregado de dados'],
    body: 'O CAU trata os dados dos profissionais para registro e fiscalização. Você pode pedir acesso, correção ou informação sobre o uso dos seus dados ao encarregado (DPO).',
  },
  {
    key: 'direito-autoral', title: 'Direito autoral e cópia de projeto', topic: 'other', keywords: ['plágio', 'autoria', 'cópia'],
    body: 'O projeto é obra intelectual protegida por lei. Modificações só podem ser feitas com autorização do autor; cópias e plágio podem ser denunciados à Comissão de Ética.',
  },
  {
    key: 'publicidade', title: 'Placa de obra e publicidade do arquiteto', topic: 'other', keywords: ['placa', 'propaganda', 'redes sociais'],
    body: 'Toda obra deve ter placa visível com o nome do responsável técnico, o registro e o número do RRT. Anúncios e posts em redes sociais seguem as regras do Código de Ética.',
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
  { query: 'anuidade da empresa', expect: 'anuidade-pj' },
  { query: 'boleto anuidade pessoa juridica', expect: 'anuidade-pj' },
  { query: 'paguei duas vezes', expect: 'restituicao' },
  { query: 'devolução de pagamento em duplicidade', expect: 'restituicao' },
  { query: 'primeira anuidade proporcional', expect: 'anuidade-proporcional' },
  { query: 'anuidade proporcinal', expect: 'anuidade-proporcional' },
  { query: 'meu nome foi protestado', expect: 'divida-ativa' },
  { query: 'divida ativa anuidade', expect: 'divida-ativa' },
  { query: 'cobrança judicial', expect: 'divida-ativa' },
  { query: 'comprovante imposto de renda', expect: 'quitacao-ir' },
  { query: 'recibo anuidade irpf', expect: 'quitacao-ir' },
  { query: 'rrt multiplo', expect: 'rrt-multiplo' },
  { query: 'varias vistorias no mesmo mes', expect: 'rrt-multiplo' },
  { query: 'coautoria', expect: 'rrt-coautoria' },
  { query: 'projeto com dois arquitetos', expect: 'rrt-coautoria' },
  { query: 'dar baixa rrt obra concluida', expect: 'rrt-conclusao' },
  { query: 'fim da obra', expect: 'rrt-conclusao' },
  { query: 'valor da taxa do rrt', expect: 'rrt-taxa' },
  { query: 'boleto do rrt venceu', expect: 'rrt-taxa' },
  { query: 'quanto custa um rrt', expect: 'rrt-taxa' },
  { query: 'rrt social athis', expect: 'rrt-social' },
  { query: 'habitacao de interesse social', expect: 'rrt-social' },
  { query: 'rrt cargo e função', expect: 'rrt-cargo' },
  { query: 'sou arquiteta da prefeitura', expect: 'rrt-cargo' },
  { query: 'substituir responsavel tecnico da obra', expect: 'rrt-substituicao' },
  { query: 'outro profissional assumiu a obra', expect: 'rrt-substituicao' },
  { query: 'autenticidade rrt', expect: 'rrt-autenticidade' },
  { query: 'validar rrt codigo de verificacao', expect: 'rrt-autenticidade' },
  { query: 'acabei de me formar', expect: 'registro-recem-formado' },
  { query: 'primeiro registro recem formado', expect: 'registro-recem-formado' },
  { query: 'diploma estrangeiro', expect: 'diploma-exterior' },
  { query: 'revalidação de diploma', expect: 'diploma-exterior' },
  { query: 'me formei em portugal', expect: 'diploma-exterior' },
  { query: 'mudei de estado', expect: 'mudanca-uf' },
  { query: 'transferencia para outra uf', expect: 'mudanca-uf' },
  { query: 'reativar registro', expect: 'reativacao' },
  { query: 'voltar a exercer a profissão', expect: 'reativacao' },
  { query: 'cancelar meu registro', expect: 'cancelamento-registro' },
  { query: 'registro de arquiteto falecido', expect: 'cancelamento-registro' },
  { query: 'nome social', expect: 'nome-social' },
  { query: 'incluir nome social na carteira', expect: 'nome-social' },
  { query: 'anotar pos graduacao', expect: 'especializacao' },
  { query: 'especializaçao engenharia de seguranca', expect: 'especializacao' },
  { query: 'atribuições do arquiteto', expect: 'atribuicoes' },
  { query: 'o que o arquiteto pode assinar', expect: 'atribuicoes' },
  { query: 'tabela de honorarios', expect: 'honorarios' },
  { query: 'quanto cobrar por um projeto', expect: 'honorarios' },
  { query: 'modelo de contrato', expect: 'contrato' },
  { query: 'contrato com cliente', expect: 'contrato' },
  { query: 'ouvidoria', expect: 'ouvidoria' },
  { query: 'fazer uma reclamação', expect: 'ouvidoria' },
  { query: 'justificar voto eleicao cau', expect: 'eleicoes' },
  { query: 'multa por nao votar', expect: 'eleicoes' },
  { query: 'agendar atendimento presencial', expect: 'atendimento-presencial' },
  { query: 'endereco da sede', expect: 'atendimento-presencial' },
  { query: 'nao consigo entrar no portal', expect: 'senha-portal' },
  { query: 'acesso bloqueado', expect: 'senha-portal' },
  { query: 'lgpd', expect: 'lgpd' },
  { query: 'meus dados pessoais', expect: 'lgpd' },
  { query: 'copiaram meu projeto', expect: 'direito-autoral' },
  { query: 'plagio', expect: 'direito-autoral' },
  { query: 'placa de obra', expect: 'publicidade' },
  { query: 'propaganda nas redes sociais', expect: 'publicidade' },
  { query: 'guia da anuidade', expect: 'boleto' },
  { query: 'acordo de debitos', expect: 'parcelamento' },
  { query: 'certidao negativa', expect: 'certidao-regularidade' },
  { query: 'trocar registro provisorio por definitivo', expect: 'registro-definitivo' },
  { query: 'paguei o rrt e ainda nao aparece', expect: 'rrt-baixa' },
];
