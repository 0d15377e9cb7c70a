// Stable error reasons (`data.reason`) that clients branch on, with their default pt-BR messages.

export const REASON_MESSAGES = {
  invalid_input: 'Dados inválidos. Verifique os campos destacados.',
  cpf_invalid: 'CPF inválido. Confira os números digitados.',
  cpf_taken: 'Já existe um cadastro com este CPF. Entre com sua identificação ou use "Esqueci minha senha".',
  email_taken: 'Já existe um cadastro com este e-mail. Entre com sua identificação ou use "Esqueci minha senha".',
  login_taken: 'Esta identificação já está em uso. Escolha outra.',
  weak_password: 'Senha fraca. Escolha outra senha.',
  signup_expired: 'O cadastro expirou. Preencha novamente nome, CPF e e-mail.',
  bad_credentials: 'Identificação ou senha incorretas.',
  too_many_attempts: 'Muitas tentativas. Aguarde alguns minutos e tente novamente.',
  ticket_full: 'Este chamado atingiu o limite de mensagens. Aguarde a resposta do atendimento; se precisar enviar mais informações, abra um novo chamado.',
  too_many_open_tickets: 'Você atingiu o limite de chamados em aberto. Aguarde a conclusão de algum deles.',
  unauthenticated: 'Sua sessão expirou. Entre novamente.',
  reset_invalid: 'Este link de redefinição de senha é inválido, já foi usado ou expirou. Peça um novo.',
  not_found: 'Chamado não encontrado.',
  forbidden: 'Você não tem permissão para esta ação.',
  invalid_transition: 'Esta ação não é permitida na situação atual do chamado.',
  conflict: 'O chamado foi alterado por outra pessoa enquanto você agia. Atualize a página e tente novamente.',
  file_too_large: 'O arquivo ultrapassa o limite de 2 MB.',
  file_type: 'Tipo de arquivo não permitido. Envie jpg, png, pdf, doc, docx, odt, xls, xlsx, ods ou txt.',
  too_many_files: 'Envie no máximo 5 anexos por mensagem.',
  attachment_invalid: 'Um dos anexos não foi encontrado ou não pertence a você. Envie-o novamente.',
  mfa_required: 'Informe o código de 6 dígitos do seu aplicativo autenticador (ou um código de recuperação).',
  mfa_invalid: 'Código de verificação inválido ou já usado. Confira o relógio do seu celular e tente o código seguinte.',
  mfa_enrollment_required: 'A verificação em duas etapas é obrigatória para a equipe. Ative-a em "Minha conta" para continuar.',
  password_change_required: 'Sua senha foi definida por um administrador. Defina uma nova senha para continuar.',
  account_disabled: 'Esta conta está desativada. Procure o administrador.',
  unavailable: 'Serviço temporariamente indisponível. Tente novamente em instantes.',
  internal: 'Ocorreu um erro inesperado. Tente novamente em instantes.',
} as const;

export type Reason = keyof typeof REASON_MESSAGES;

export function isReason(value: unknown): value is Reason {
  return typeof value === 'string' && Object.hasOwn(REASON_MESSAGES, value);
}
