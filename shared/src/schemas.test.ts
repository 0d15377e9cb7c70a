// Input schemas (SPEC §2, §5, §7): normalisation, limits, injection attempts and pt-BR messages.

import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { QUEUE_VIEWS, TICKET_TYPES, TOPICS } from './labels';
import {
  LIMITS, approveInput, assignInput, checkSignupInput, closeInput, createTicketInput, createStaffInput, deskTextInput,
  emailSchema, historyOutput, loginInput, loginSchema, messageInput, mineInput, nameSchema, newPasswordSchema,
  protocolInput, protocolSchema, queueInput, rejectInput, requestPasswordResetInput, resetPasswordInput, signupInput,
  ticketSummaryOutput,
} from './schemas';

interface Problem {
  path: string;
  message: string;
  reason?: string;
}

/** The issues of a failed parse, flattened; fails the test if the input was accepted. */
function problems(schema: z.ZodType, input: unknown): Problem[] {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)?.slice(0, 80)} to be refused`);
  return result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
    reason: (issue as { params?: { reason?: string } }).params?.reason,
  }));
}

function parsed<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new Error(`expected acceptance, got: ${result.error.issues.map((i) => i.message).join(' | ')}`);
  return result.data;
}

const messagesAt = (list: Problem[], path: string) => list.filter((p) => p.path === path).map((p) => p.message);

const VALID_SIGNUP = { name: 'José Antônio da Conceição', cpf: '529.982.247-25', email: 'jose@example.com.br' };
const DESCRIPTION = 'Não consigo emitir o boleto da anuidade.'; // 40 characters
const VALID_TICKET = { type: 'question', subject: 'Boleto da anuidade', description: DESCRIPTION };
const OID = 'a1b2c3d4e5f6a7b8c9d0e1f2';
const oid = (n: number) => n.toString(16).padStart(24, '0');
const INJECTION = { $gt: '' };

describe('checkSignupInput', () => {
  it('accepts a full name with accents, a formatted CPF and an e-mail, and normalises them', () => {
    expect(parsed(checkSignupInput, { ...VALID_SIGNUP, email: '  Jose.Conceicao@Example.COM.br ' })).toEqual({
      name: 'José Antônio da Conceição',
      cpf: '52998224725',
      email: 'jose.conceicao@example.com.br',
    });
  });

  it('stores the CPF as 11 digits whether or not it was punctuated', () => {
    expect(parsed(checkSignupInput, { ...VALID_SIGNUP, cpf: '12345678909' }).cpf).toBe('12345678909');
    expect(parsed(checkSignupInput, { ...VALID_SIGNUP, cpf: ' 111.444.777-35 ' }).cpf).toBe('11144477735');
  });

  it('reports every invalid field at once, by field', () => {
    const list = problems(checkSignupInput, { name: 'Maria', cpf: '111.111.111-11', email: 'maria' });
    expect(new Set(list.map((p) => p.path))).toEqual(new Set(['name', 'cpf', 'email']));
  });

  describe('name', () => {
    it.each([
      'José Antônio da Conceição',
      'Ana D\u2019Ávila',
      "Ana D'Ávila",
      'Maria-José de Souza',
      'João Pedro Sant\u2019Anna',
      'Ñandú Müller',
      'José Conceição'.normalize('NFD'),
      'Lu Xu',
      'Maria C. Souza',
    ])('accepts %j', (name) => {
      expect(parsed(nameSchema, name)).toBe(name);
    });

    it('trims and collapses inner spaces', () => {
      expect(parsed(nameSchema, '  Maria   da  Silva ')).toBe('Maria da Silva');
    });

    it.each(['Maria', '  Maria  ', 'José-Antônio'])('asks for the full name when given %j', (name) => {
      expect(problems(nameSchema, name).map((p) => p.message).join(' ')).toMatch(/nome completo/);
    });

    it.each([
      ['HTML', '<script>alert(1)</script> Silva'],
      ['a tag in the middle', 'Maria <b>Silva</b>'],
      ['digits', 'Maria Silva 2'],
      ['digits inside a word', 'R2D2 Silva'],
      ['an underscore', 'Maria_Silva Souza'],
      ['an at sign', 'maria@x Silva'],
      ['a leading apostrophe', "'Maria Silva"],
      ['a leading hyphen', '-Maria Silva'],
      ['a semicolon', 'Maria; Silva'],
      ['an emoji', 'Maria Silva 🙂'],
    ])('refuses %s (%j) with a message about letters', (_label, name) => {
      expect(problems(nameSchema, name).map((p) => p.message).join(' ')).toMatch(/apenas letras/);
    });

    it('refuses a name shorter than 3 characters or longer than 120', () => {
      expect(problems(nameSchema, 'A').map((p) => p.message).join(' ')).toMatch(/ao menos 3/);
      const long = `${'A'.repeat(60)} ${'B'.repeat(60)}`; // 121
      expect(problems(nameSchema, long).map((p) => p.message).join(' ')).toMatch(/no máximo 120/);
      expect(parsed(nameSchema, `${'A'.repeat(60)} ${'B'.repeat(59)}`)).toHaveLength(120);
    });

    it('refuses what is not a string', () => {
      expect(problems(nameSchema, 42)[0]!.message).toMatch(/informe um texto/);
    });
  });

  describe('cpf', () => {
    it.each(['111.111.111-11', '123.456.789-00', '52998224726', '529982247-25', '5299822472', 'abc.def.ghi-jk', ''])(
      'refuses %j with reason cpf_invalid and a pt-BR message',
      (cpf) => {
        const list = problems(checkSignupInput, { ...VALID_SIGNUP, cpf });
        const cpfProblems = list.filter((p) => p.path === 'cpf');
        expect(cpfProblems).toHaveLength(1);
        expect(cpfProblems[0]!.reason).toBe('cpf_invalid');
        expect(cpfProblems[0]!.message).toMatch(/CPF inválido/);
      },
    );

    it('refuses an overlong value before looking at it', () => {
      const list = problems(checkSignupInput, { ...VALID_SIGNUP, cpf: '529.982.247-25'.padEnd(21, ' ') + 'x'.repeat(100_000) });
      expect(messagesAt(list, 'cpf').join(' ')).toMatch(/CPF inválido/);
    });

    it('refuses a missing or non-string CPF', () => {
      expect(messagesAt(problems(checkSignupInput, { ...VALID_SIGNUP, cpf: undefined }), 'cpf')).toEqual(['Informe o CPF.']);
      expect(messagesAt(problems(checkSignupInput, { ...VALID_SIGNUP, cpf: 52998224725 }), 'cpf')).toEqual(['Informe o CPF.']);
    });
  });

  describe('email', () => {
    it.each([
      ['Maria.Silva@Example.com', 'maria.silva@example.com'],
      ['  ARQ@CAUSP.GOV.BR\n', 'arq@causp.gov.br'],
      ["o'neil+cau@sub.example.org", "o'neil+cau@sub.example.org"],
    ])('accepts %j as %j', (email, stored) => {
      expect(parsed(emailSchema, email)).toBe(stored);
    });

    it.each(['maria', 'maria@', '@example.com', 'maria@example', 'maria silva@example.com', 'maria@@example.com', 'maria..silva@example.com', 'maria@example.c', '<script>@example.com', ''])(
      'refuses %j',
      (email) => {
        expect(problems(emailSchema, email).map((p) => p.message).join(' ')).toMatch(/E-mail inválido/);
      },
    );

    it('refuses an address over 254 characters', () => {
      expect(problems(emailSchema, `${'a'.repeat(250)}@example.com`).map((p) => p.message).join(' ')).toMatch(/254/);
    });
  });
});

describe('login and passwords', () => {
  it.each([
    [' Maria.Silva ', 'maria.silva'],
    ['JOAO_2', 'joao_2'],
    ['arq-sp', 'arq-sp'],
    ['a'.repeat(32), 'a'.repeat(32)],
  ])('loginSchema normalises %j to %j', (login, stored) => {
    expect(parsed(loginSchema, login)).toBe(stored);
  });

  it.each(['ab', 'a'.repeat(33), 'maria silva', 'maría', 'maria@cau', '', 'x'.repeat(10_000)])('loginSchema refuses %j', (login) => {
    expect(problems(loginSchema, login).map((p) => p.message).join(' ')).toMatch(/3 a 32 caracteres/);
  });

  it('signupInput normalises the login and limits the password to 128 characters', () => {
    const ok = parsed(signupInput, { signupToken: 't', login: 'Maria.Silva', password: 'x'.repeat(128) });
    expect(ok.login).toBe('maria.silva');
    expect(problems(signupInput, { signupToken: 't', login: 'maria', password: 'x'.repeat(129) }).map((p) => p.message).join(' '))
      .toMatch(/no máximo 128/);
    expect(messagesAt(problems(signupInput, { signupToken: '', login: 'maria', password: 'x'.repeat(10) }), 'signupToken').join(' '))
      .toMatch(/Cadastro inválido/);
  });

  it('newPasswordSchema keeps the password as typed (no trimming)', () => {
    expect(parsed(newPasswordSchema, '  espaços contam  ')).toBe('  espaços contam  ');
  });

  it('loginInput trims the login and requires both fields', () => {
    expect(parsed(loginInput, { login: ' Maria ', password: 'segredo-longo' })).toEqual({ login: 'Maria', password: 'segredo-longo' });
    const list = problems(loginInput, { login: '  ', password: '' });
    expect(messagesAt(list, 'login').join(' ')).toMatch(/identificação/);
    expect(messagesAt(list, 'password').join(' ')).toMatch(/senha/);
  });

  it('resetPasswordInput limits the password like signup', () => {
    expect(parsed(resetPasswordInput, { resetToken: 'abc', password: 'nova senha boa' }).password).toBe('nova senha boa');
    expect(problems(resetPasswordInput, { resetToken: '', password: 'nova senha boa' })[0]!.message).toMatch(/Link inválido/);
  });
});

describe('objects where strings are expected ({"$gt": ""} and friends)', () => {
  const CASES: Array<[string, z.ZodType, Record<string, unknown>, string]> = [
    ['loginInput.login', loginInput, { login: INJECTION, password: 'segredo-longo' }, 'login'],
    ['loginInput.password', loginInput, { login: 'maria', password: INJECTION }, 'password'],
    ['signupInput.login', signupInput, { signupToken: 't', login: INJECTION, password: 'segredo-longo' }, 'login'],
    ['signupInput.signupToken', signupInput, { signupToken: INJECTION, login: 'maria', password: 'segredo-longo' }, 'signupToken'],
    ['checkSignupInput.name', checkSignupInput, { ...VALID_SIGNUP, name: INJECTION }, 'name'],
    ['checkSignupInput.cpf', checkSignupInput, { ...VALID_SIGNUP, cpf: INJECTION }, 'cpf'],
    ['checkSignupInput.email', checkSignupInput, { ...VALID_SIGNUP, email: INJECTION }, 'email'],
    ['requestPasswordResetInput', requestPasswordResetInput, { loginOrEmail: INJECTION }, 'loginOrEmail'],
    ['resetPasswordInput.resetToken', resetPasswordInput, { resetToken: INJECTION, password: 'segredo-longo' }, 'resetToken'],
    ['protocolInput.protocol', protocolInput, { protocol: INJECTION }, 'protocol'],
    ['messageInput.message', messageInput, { protocol: '2026-000042', message: INJECTION }, 'message'],
    ['createTicketInput.subject', createTicketInput, { ...VALID_TICKET, subject: INJECTION }, 'subject'],
    ['createTicketInput.description', createTicketInput, { ...VALID_TICKET, description: INJECTION }, 'description'],
    ['createTicketInput.type', createTicketInput, { ...VALID_TICKET, type: INJECTION }, 'type'],
    ['queueInput.search', queueInput, { view: 'all', search: INJECTION }, 'search'],
    ['queueInput.assignee', queueInput, { view: 'all', assignee: INJECTION }, 'assignee'],
    ['assignInput.attendantId', assignInput, { protocol: '2026-000042', attendantId: INJECTION }, 'attendantId'],
    ['createTicketInput.attachmentIds[0]', createTicketInput, { ...VALID_TICKET, attachmentIds: [INJECTION] }, 'attachmentIds.0'],
  ];

  it.each(CASES)('%s refuses an operator object with a pt-BR message', (_label, schema, input, path) => {
    const list = problems(schema, input);
    const here = messagesAt(list, path);
    expect(here.length, JSON.stringify(list)).toBeGreaterThan(0);
    expect(here.join(' ')).toMatch(/informe|inválid|escolha/i);
    expect(here.join(' '), 'not zod\'s English default').not.toMatch(/expected|received|Invalid input/);
  });

  it('refuses arrays and numbers too', () => {
    expect(messagesAt(problems(loginInput, { login: ['maria'], password: 'segredo-longo' }), 'login')).not.toEqual([]);
    expect(messagesAt(problems(protocolInput, { protocol: 2026000042 }), 'protocol')).toEqual(['Informe o protocolo.']);
  });
});

describe('createTicketInput', () => {
  it('accepts the minimal ticket and trims the texts', () => {
    expect(parsed(createTicketInput, { ...VALID_TICKET, subject: '  Boleto da anuidade  ', description: `\n${DESCRIPTION}\n` })).toEqual(VALID_TICKET);
  });

  it.each(TICKET_TYPES)('accepts the type %s', (type) => {
    expect(parsed(createTicketInput, { ...VALID_TICKET, type }).type).toBe(type);
  });

  it.each(['bug', 'Dúvida', '', undefined])('refuses the type %j naming the three types', (type) => {
    expect(messagesAt(problems(createTicketInput, { ...VALID_TICKET, type }), 'type').join(' ')).toMatch(/Dúvida, Erro ou Solicitação/);
  });

  describe('subject (3–150)', () => {
    it.each([3, 150])('accepts %i characters', (n) => {
      expect(parsed(createTicketInput, { ...VALID_TICKET, subject: 's'.repeat(n) }).subject).toHaveLength(n);
    });

    it.each([
      ['2 characters', 'ab', /ao menos 3/],
      ['2 characters among spaces', '   ab   ', /ao menos 3/],
      ['151 characters', 's'.repeat(151), /no máximo 150/],
      ['nothing', '', /ao menos 3/],
    ])('refuses %s', (_label, subject, message) => {
      expect(messagesAt(problems(createTicketInput, { ...VALID_TICKET, subject }), 'subject').join(' ')).toMatch(message);
    });

    it('keeps 150 characters surrounded by spaces (the limit applies after trimming)', () => {
      expect(parsed(createTicketInput, { ...VALID_TICKET, subject: `  ${'s'.repeat(150)}  ` }).subject).toHaveLength(150);
    });
  });

  describe('description (20–10 000)', () => {
    it.each([20, 10_000])('accepts %i characters', (n) => {
      expect(parsed(createTicketInput, { ...VALID_TICKET, description: 'd'.repeat(n) }).description).toHaveLength(n);
    });

    it.each([
      ['19 characters', 'd'.repeat(19), /ao menos 20/],
      ['19 characters padded with spaces', `   ${'d'.repeat(19)}   `, /ao menos 20/],
      ['10 001 characters', 'd'.repeat(10_001), /10\.000/],
      ['100 000 characters', 'd'.repeat(100_000), /10\.000/],
    ])('refuses %s', (_label, description, message) => {
      const here = messagesAt(problems(createTicketInput, { ...VALID_TICKET, description }), 'description');
      expect(here.length).toBeGreaterThan(0);
      for (const m of here) expect(m).toMatch(message);
    });

    it('keeps HTML as plain text (it is escaped when shown)', () => {
      const description = '<script>alert("x")</script><img src=x onerror=alert(1)> não funciona';
      expect(parsed(createTicketInput, { ...VALID_TICKET, description }).description).toBe(description);
    });
  });

  describe('topic and its context', () => {
    it.each(TOPICS.filter((t) => t !== 'rrt' && t !== 'annuity'))('accepts the topic %s with no extra field', (topic) => {
      expect(parsed(createTicketInput, { ...VALID_TICKET, topic }).topic).toBe(topic);
    });

    it('refuses an unknown topic', () => {
      expect(messagesAt(problems(createTicketInput, { ...VALID_TICKET, topic: 'rtt' }), 'topic').join(' ')).toMatch(/Tema inválido/);
    });

    it('requires the RRT number for the RRT topic', () => {
      expect(messagesAt(problems(createTicketInput, { ...VALID_TICKET, topic: 'rrt' }), 'rrtNumber').join(' ')).toMatch(/número do RRT/);
      expect(parsed(createTicketInput, { ...VALID_TICKET, topic: 'rrt', rrtNumber: ' si1234567i00ct001 ' }).rrtNumber).toBe('SI1234567I00CT001');
    });

    it.each(['1234567', '12345678', 'SI1234567', 'SI12345678', 'SI1234567I00CT001'])('accepts the SICCAU RRT number %s', (rrtNumber) => {
      expect(parsed(createTicketInput, { ...VALID_TICKET, topic: 'rrt', rrtNumber }).rrtNumber).toBe(rrtNumber);
    });

    it.each([
      ['empty', ''],
      ['only spaces', '   '],
      ['HTML', '<b>123</b>'],
      ['31 characters', '1'.repeat(31)],
      ['a space inside', '123 456'],
      ['letters', 'abc'],
      ['too short', '123456'],
      ['too long', '123456789'],
      ['a free-form reference', 'RRT-0001'],
      ['a bad suffix', 'SI1234567X'],
    ])('refuses an RRT number that is %s', (_label, rrtNumber) => {
      expect(messagesAt(problems(createTicketInput, { ...VALID_TICKET, topic: 'rrt', rrtNumber }), 'rrtNumber').join(' ')).toMatch(/Número do RRT inválido|Informe o número do RRT/);
    });

    it('requires the year for the annuity topic', () => {
      expect(messagesAt(problems(createTicketInput, { ...VALID_TICKET, topic: 'annuity' }), 'annuityYear').join(' ')).toMatch(/ano da anuidade/);
      expect(parsed(createTicketInput, { ...VALID_TICKET, topic: 'annuity', annuityYear: 2024 }).annuityYear).toBe(2024);
    });

    it.each([
      ['a fraction', 2024.5],
      ['a string', '2024'],
      ['before 1950', 1949],
      ['absurd', 99_999],
      ['NaN', Number.NaN],
    ])('refuses an annuity year that is %s', (_label, annuityYear) => {
      const here = messagesAt(problems(createTicketInput, { ...VALID_TICKET, topic: 'annuity', annuityYear }), 'annuityYear');
      expect(here.join(' ')).toMatch(/Ano da anuidade inválido/);
    });

    it('does not require the RRT number or the year for other topics', () => {
      expect(parsed(createTicketInput, { ...VALID_TICKET, topic: 'registration' })).not.toHaveProperty('rrtNumber');
      expect(parsed(createTicketInput, VALID_TICKET)).not.toHaveProperty('annuityYear');
    });
  });

  describe('attachmentIds', () => {
    it('accepts up to 5 ObjectIds', () => {
      const ids = [1, 2, 3, 4, 5].map(oid);
      expect(parsed(createTicketInput, { ...VALID_TICKET, attachmentIds: ids }).attachmentIds).toEqual(ids);
      expect(parsed(createTicketInput, { ...VALID_TICKET, attachmentIds: [] }).attachmentIds).toEqual([]);
    });

    it('refuses a sixth attachment', () => {
      const list = problems(createTicketInput, { ...VALID_TICKET, attachmentIds: [1, 2, 3, 4, 5, 6].map(oid) });
      expect(messagesAt(list, 'attachmentIds').join(' ')).toMatch(/no máximo 5 anexos/);
    });

    it.each([
      ['too short', OID.slice(1)],
      ['too long', `${OID}0`],
      ['upper-case hex', OID.toUpperCase()],
      ['not hex', 'z'.repeat(24)],
      ['a path', '../../../../etc/passwd000'],
      ['a number', 12],
    ])('refuses an id that is %s', (_label, id) => {
      const list = problems(createTicketInput, { ...VALID_TICKET, attachmentIds: [OID, id] });
      expect(messagesAt(list, 'attachmentIds.1')).toEqual(['Identificador inválido.']);
    });

    it('refuses a non-array', () => {
      expect(messagesAt(problems(createTicketInput, { ...VALID_TICKET, attachmentIds: OID }), 'attachmentIds').join(' ')).toMatch(/anexos inválida/);
    });
  });

  it('accepts the protocol of a related closed ticket, and refuses a malformed one', () => {
    expect(parsed(createTicketInput, { ...VALID_TICKET, relatedProtocol: '2026-000041' }).relatedProtocol).toBe('2026-000041');
    expect(messagesAt(problems(createTicketInput, { ...VALID_TICKET, relatedProtocol: '41' }), 'relatedProtocol').join(' ')).toMatch(/Protocolo inválido/);
  });
});

describe('protocolSchema', () => {
  it.each([
    ['2026-000042', '2026-000042'],
    [' 2026-000042 ', '2026-000042'],
    ['2027-999999', '2027-999999'],
  ])('accepts %j as %j', (input, stored) => {
    expect(parsed(protocolSchema, input)).toBe(stored);
  });

  it.each(['2026-42', '26-000042', '2026000042', '2026-0000421', '20260-00042', 'abcd-000042', '2026_000042', '2026-000042; drop', '', '２０２６-000042'])(
    'refuses %j, showing the expected format',
    (protocol) => {
      const message = problems(protocolSchema, protocol).map((p) => p.message).join(' ');
      expect(message).toMatch(/Protocolo inválido/);
      expect(message).toContain('2026-000042');
    },
  );
});

describe('queueInput', () => {
  it.each(QUEUE_VIEWS)('accepts the view %s', (view) => {
    expect(parsed(queueInput, { view }).view).toBe(view);
  });

  it.each(['mine ', 'open', 'todos', '', undefined])('refuses the view %j', (view) => {
    expect(messagesAt(problems(queueInput, { view }), 'view').join(' ')).toMatch(/Visão da fila inválida/);
  });

  it.each(['me', 'none', OID])('accepts the assignee %j', (assignee) => {
    expect(parsed(queueInput, { view: 'all', assignee }).assignee).toBe(assignee);
  });

  // A string that is not `me`/`none` is reported by the ObjectId branch of the union ("Identificador inválido.").
  it.each(['ME', 'None', 'someone', '', OID.slice(2), 42, null])('refuses the assignee %j', (assignee) => {
    expect(messagesAt(problems(queueInput, { view: 'all', assignee }), 'assignee').join(' ')).toMatch(/(Atendente|Identificador) inválido/);
  });

  it('trims the search and limits it to 100 characters', () => {
    expect(parsed(queueInput, { view: 'todo', search: '  529.982  ' }).search).toBe('529.982');
    expect(messagesAt(problems(queueInput, { view: 'todo', search: 'x'.repeat(101) }), 'search').join(' ')).toMatch(/no máximo 100/);
  });

  it('filters by known types and topics only', () => {
    expect(parsed(queueInput, { view: 'all', type: 'error', topic: 'rrt' })).toMatchObject({ type: 'error', topic: 'rrt' });
    expect(messagesAt(problems(queueInput, { view: 'all', type: 'bug' }), 'type').join(' ')).toMatch(/Tipo inválido/);
    expect(messagesAt(problems(queueInput, { view: 'all', topic: 'x' }), 'topic').join(' ')).toMatch(/Tema inválido/);
  });

  it.each([0, 101, 1.5])('refuses a page size of %s', (limit) => {
    expect(messagesAt(problems(queueInput, { view: 'all', limit }), 'limit').join(' ')).toMatch(/inválido/);
  });
});

describe('the other ticket inputs', () => {
  it('mineInput defaults to no filter and knows the statuses', () => {
    expect(parsed(mineInput, undefined)).toEqual({});
    expect(parsed(mineInput, { status: 'pending_professional' }).status).toBe('pending_professional');
    expect(messagesAt(problems(mineInput, { status: 'pendente' }), 'status').join(' ')).toMatch(/Situação inválida/);
  });

  it('messageInput requires a non-blank message of at most 10 000 characters', () => {
    expect(parsed(messageInput, { protocol: '2026-000042', message: ' Segue o anexo. ' }).message).toBe('Segue o anexo.');
    expect(messagesAt(problems(messageInput, { protocol: '2026-000042', message: '   ' }), 'message').join(' ')).toMatch(/^A mensagem é obrigatória\.$/);
    expect(messagesAt(problems(messageInput, { protocol: '2026-000042', message: 'm'.repeat(LIMITS.messageMax + 1) }), 'message').join(' '))
      .toMatch(/10\.000/);
  });

  it.each([1, 2, 3, 4, 5])('approveInput accepts rating %i', (rating) => {
    expect(parsed(approveInput, { protocol: '2026-000042', rating }).rating).toBe(rating);
  });

  it.each([0, 6, 3.5, '5', null])('approveInput refuses rating %j', (rating) => {
    expect(messagesAt(problems(approveInput, { protocol: '2026-000042', rating }), 'rating')).toContain('Dê uma nota de 1 a 5.');
  });

  it('approveInput limits the comment to 2 000 characters', () => {
    expect(parsed(approveInput, { protocol: '2026-000042', rating: 5, comment: ' Ótimo! ' }).comment).toBe('Ótimo!');
    expect(messagesAt(problems(approveInput, { protocol: '2026-000042', rating: 5, comment: 'c'.repeat(2001) }), 'comment').join(' ')).toMatch(/2\.000/);
  });

  it('rejectInput requires the request for more explanation', () => {
    expect(messagesAt(problems(rejectInput, { protocol: '2026-000042', message: '' }), 'message').join(' ')).toMatch(/esclarecimento/);
  });

  it('closeInput requires a known reason and a message', () => {
    expect(parsed(closeInput, { protocol: '2026-000042', reason: 'invalid', message: 'Spam.' }).reason).toBe('invalid');
    const list = problems(closeInput, { protocol: '2026-000042', reason: 'spam', message: '' });
    expect(messagesAt(list, 'reason').join(' ')).toMatch(/duplicado ou inválido/);
    expect(messagesAt(list, 'message').length).toBeGreaterThan(0);
  });

  it('deskTextInput and assignInput check the protocol and the attendant id', () => {
    expect(messagesAt(problems(deskTextInput, { protocol: 'x', message: 'ok' }), 'protocol').join(' ')).toMatch(/Protocolo inválido/);
    expect(parsed(assignInput, { protocol: '2026-000042', attendantId: OID }).attendantId).toBe(OID);
    expect(messagesAt(problems(assignInput, { protocol: '2026-000042', attendantId: 'me' }), 'attendantId')).toEqual(['Identificador inválido.']);
  });

  it('createStaffInput defaults the role to attendant and refuses other roles', () => {
    const staff = { name: 'Ana Souza', login: 'Ana.Souza', email: 'ANA@cau.org.br', password: 'uma senha longa' };
    expect(parsed(createStaffInput, staff)).toMatchObject({ role: 'attendant', login: 'ana.souza', email: 'ana@cau.org.br' });
    expect(messagesAt(problems(createStaffInput, { ...staff, role: 'professional' }), 'role').join(' ')).toMatch(/Perfil inválido/);
  });
});

describe('output schemas', () => {
  const summary = {
    protocol: '2026-000042', type: 'question', topic: null, subject: 'Boleto', status: 'open', outcome: null, rating: null,
    deadlineAt: null, assignee: null, answered: false, createdAt: '2026-03-02T13:00:00.000Z', updatedAt: '2026-03-02T13:00:00.000Z',
  };

  it('accept a plain-JSON ticket summary and refuse an unknown status', () => {
    expect(parsed(ticketSummaryOutput, summary)).toEqual(summary);
    expect(ticketSummaryOutput.safeParse({ ...summary, status: 'reopened' }).success).toBe(false);
  });

  it('accept history entries of the lifecycle events only', () => {
    const entry = {
      at: '2026-03-02T13:00:00.000Z', actor: { id: null, name: 'Sistema', role: 'system' }, event: 'expire',
      from: 'pending_professional', to: 'closed', messageId: null,
    };
    expect(historyOutput.safeParse(entry).success).toBe(true);
    expect(historyOutput.safeParse({ ...entry, event: 'reopen' }).success).toBe(false);
    expect(historyOutput.safeParse({ ...entry, to: null }).success).toBe(false);
  });
});
