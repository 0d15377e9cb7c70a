// pt-BR wording the desk needs beyond the shared labels: history events, the composer's modes, and
// the admin area's audit actions and mail templates.
import type { TicketEvent } from '@cau/shared';
import type { AuditAction } from '../api';

export const EVENT_LABELS: Record<TicketEvent, string> = {
  create: 'abriu o chamado',
  take: 'assumiu o chamado',
  assign: 'atribuiu o chamado',
  request_info: 'pediu informação',
  provide_info: 'respondeu ao pedido',
  resolve: 'propôs uma solução',
  approve: 'aprovou a solução',
  reject: 'recusou a solução',
  expire: 'encerrou por prazo',
  close: 'encerrou o chamado',
  note: 'escreveu uma nota interna',
  comment: 'enviou uma mensagem',
};

/** The tag a message carries in the thread, from the history entry that wrote it. */
export const MESSAGE_TAGS: Partial<Record<TicketEvent, string>> = {
  request_info: 'Pedido de informação',
  provide_info: 'Resposta ao pedido',
  resolve: 'Solução proposta',
  reject: 'Solução recusada',
  close: 'Encerramento',
};

export type ComposerMode = 'comment' | 'note' | 'request_info' | 'resolve' | 'close';
export const COMPOSER_MODES: ComposerMode[] = ['comment', 'note', 'request_info', 'resolve', 'close'];

export const COMPOSER: Record<ComposerMode, { tab: string; label: string; placeholder: string; hint: string; submit: string }> = {
  comment: {
    tab: 'Responder',
    label: 'Resposta ao profissional',
    placeholder: 'Escreva a resposta ao profissional… (:: abre as respostas prontas)',
    hint: 'O profissional vê esta mensagem no portal e recebe um e-mail.',
    submit: 'Enviar resposta',
  },
  note: {
    tab: 'Nota interna',
    label: 'Nota interna',
    placeholder: 'Anote algo para a equipe…',
    hint: 'Só o atendimento vê notas internas.',
    submit: 'Salvar nota',
  },
  request_info: {
    tab: 'Pedir informação',
    label: 'O que o profissional precisa informar',
    placeholder: 'Explique o que falta para continuar o atendimento… (:: respostas prontas)',
    hint: 'O chamado fica Pendente Profissional e o prazo de resposta começa a contar.',
    submit: 'Pedir informação',
  },
  resolve: {
    tab: 'Propor solução',
    label: 'Solução',
    placeholder: 'Descreva a solução para o profissional… (:: respostas prontas)',
    hint: 'O chamado vai para Homologando: o profissional aprova ou recusa a solução.',
    submit: 'Propor solução',
  },
  close: {
    tab: 'Encerrar chamado',
    label: 'Mensagem de encerramento',
    placeholder: 'Explique ao profissional por que o chamado será encerrado…',
    hint: 'O chamado passa a Fechado e não poderá ser reaberto: você confirma antes.',
    submit: 'Encerrar chamado',
  },
};

// ---- admin area: the audit trail and the mail outbox ----

/** What each audit entry records, as the admin reads it ("Quem … fez o quê"). */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  ticket_viewed: 'Abriu um chamado',
  cpf_revealed: 'Revelou o CPF completo',
  professionals_searched: 'Buscou profissionais',
  professional_anonymized: 'Anonimizou um profissional',
  data_exported: 'Baixou os próprios dados',
  staff_created: 'Criou uma conta da equipe',
  staff_disabled: 'Desativou uma conta da equipe',
  staff_enabled: 'Reativou uma conta da equipe',
  staff_password_reset: 'Redefiniu a senha de uma conta da equipe',
  settings_changed: 'Alterou as configurações',
  mail_retried: 'Reenviou um e-mail com falha',
  professional_email_changed: 'Corrigiu o e-mail de um profissional',
  staff_mfa_reset: 'Redefiniu a verificação em duas etapas',
  login: 'Entrou no atendimento',
  login_failed: 'Tentativa de entrada recusada (senha ou código)',
  mfa_enrolled: 'Ativou a verificação em duas etapas',
  mfa_disabled: 'Desativou a verificação em duas etapas',
  professional_data_exported: 'Exportou os dados de um profissional (LGPD)',
};

/** The outbox's templates; an unknown one is shown by its name. */
export const MAIL_TEMPLATE_LABELS: Record<string, string> = {
  welcome: 'Boas-vindas',
  password_reset: 'Redefinição de senha',
  ticket_created: 'Chamado aberto',
  info_requested: 'Pedido de informação',
  solution_proposed: 'Solução proposta',
  desk_comment: 'Mensagem do atendimento',
  reminder: 'Lembrete de prazo',
  closed_no_response: 'Encerrado sem resposta',
  closed_approval_timeout: 'Encerrado sem homologação',
  closed_cancelled: 'Chamado cancelado',
};

/** What a colleague did, as the desk tells an attendant who lost a race ("Carlos Mendes enviou uma solução"). */
export const WINNER_ACTIONS: Record<TicketEvent, string> = {
  ...EVENT_LABELS,
  resolve: 'enviou uma solução',
  comment: 'enviou uma resposta',
  request_info: 'pediu informações ao profissional',
};
