// Renderer entry: Pinia, the router, the app.
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createDeskRouter } from './router';
import './styles/base.css';

const app = createApp(App);
app.use(createPinia());
app.use(createDeskRouter());
app.mount('#app');
