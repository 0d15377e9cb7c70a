// Routes of the desk. Hash history, so the same build works at app://desk/ and at /desk/ on the
// server without any server-side route. Access is declared per route in meta.roles.
import type { Role } from '@cau/shared';
import { QUEUE_VIEWS } from '@cau/shared';
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { STAFF_ROLES, useSessionStore } from '../stores/session.store';
import { decide } from './guard';

declare module 'vue-router' {
  interface RouteMeta {
    roles?: readonly Role[];
    guest?: boolean;
    /** Open while two-step verification enrolment is still due. */
    enrolment?: boolean;
    /** The page's name in the window title. */
    title?: string;
  }
}

const ADMIN: readonly Role[] = ['admin'];
const VIEW_PATTERN = QUEUE_VIEWS.join('|');

export const routes: RouteRecordRaw[] = [
  { path: '/entrar', name: 'login', component: () => import('../views/LoginView.vue'), meta: { guest: true, title: 'Entrar' } },
  {
    path: '/',
    component: () => import('../views/DeskLayout.vue'),
    meta: { roles: STAFF_ROLES },
    children: [
      { path: '', redirect: { name: 'queue', params: { view: 'todo' } } },
      {
        path: `fila/:view(${VIEW_PATTERN})/:protocol(\\d{4}-\\d{6})?`,
        name: 'queue',
        component: () => import('../views/QueueView.vue'),
        meta: { title: 'Fila' },
      },
      { path: 'perguntas-frequentes', name: 'kb', component: () => import('../views/KnowledgeBaseView.vue'), meta: { title: 'Perguntas frequentes' } },
      { path: 'preferencias', name: 'preferences', component: () => import('../views/PreferencesView.vue'), meta: { title: 'Preferências' } },
      { path: 'conta', name: 'account', component: () => import('../views/AccountView.vue'), meta: { title: 'Minha conta', enrolment: true } },
      { path: 'admin/atendentes', name: 'admin-staff', component: () => import('../views/AdminStaffView.vue'), meta: { roles: ADMIN, title: 'Atendentes' } },
      { path: 'admin/configuracoes', name: 'admin-settings', component: () => import('../views/AdminSettingsView.vue'), meta: { roles: ADMIN, title: 'Configurações' } },
      { path: 'admin/relatorios', name: 'admin-reports', component: () => import('../views/AdminReportsView.vue'), meta: { roles: ADMIN, title: 'Relatórios' } },
      { path: 'admin/auditoria', name: 'admin-audit', component: () => import('../views/AdminAuditView.vue'), meta: { roles: ADMIN, title: 'Auditoria' } },
      { path: 'admin/privacidade', name: 'admin-privacy', component: () => import('../views/AdminPrivacyView.vue'), meta: { roles: ADMIN, title: 'Privacidade' } },
      { path: 'admin/emails', name: 'admin-mail', component: () => import('../views/AdminMailView.vue'), meta: { roles: ADMIN, title: 'E-mails com falha' } },
      { path: 'respostas-prontas', name: 'templates', component: () => import('../views/AdminTemplatesView.vue'), meta: { title: 'Respostas prontas' } },
      { path: 'admin/niveis-de-servico', name: 'admin-service-levels', component: () => import('../views/AdminServiceLevelsView.vue'), meta: { roles: ADMIN, title: 'Níveis de serviço' } },
      { path: 'sem-acesso', name: 'forbidden', component: () => import('../views/ForbiddenView.vue'), meta: { title: 'Sem acesso' } },
    ],
  },
  { path: '/:rest(.*)*', redirect: '/' },
];

export function createDeskRouter() {
  const router = createRouter({ history: createWebHashHistory(), routes });
  router.beforeEach(async (to) => {
    const session = useSessionStore();
    await session.init();
    switch (decide(to.meta, session.user, session.mfaEnrolmentRequired)) {
      case 'allow':
        return true;
      case 'home':
        return { name: 'queue', params: { view: 'todo' } };
      case 'login':
        return { name: 'login', query: to.fullPath === '/' ? {} : { voltar: to.fullPath } };
      case 'forbidden':
        return { name: 'forbidden' };
      case 'enrol':
        return { name: 'account' };
    }
  });
  return router;
}
