// Texts for working on a slow or dropped connection and on a shared computer (drafts kept in this
// browser, offline start, idle sign-out), Spanish first. Part of the shell, so registered at start.
import i18next from 'i18next';

const es = {
  usability: {
    draftSaved: 'Borrador guardado en este equipo, cifrado ({{time}}).',
    draftRestored: 'Se recuperó el borrador que usted guardó en este equipo ({{time}}).',
    draftNotKept: 'Este navegador no guarda borradores (la conexión no es segura): no cierre la página hasta que el registro se haya enviado.',
    discardDraft: 'Descartar el borrador',
    queued: 'Sin conexión: el registro quedó guardado en este equipo, cifrado, y se enviará solo cuando vuelva la conexión. No se creará dos veces.',
    sendNow: 'Enviar ahora',
    notSaved: 'Aún no guardado.',
    sending: 'Enviando…',
    sent: 'Enviado.',
    offlineBanner: 'Sin conexión con el servidor. Puede seguir llenando el formulario: se guarda en este equipo.',
    offlineTitle: 'Sin conexión',
    offlineText: 'No hay conexión con el servidor. Lo que guardó en este equipo sigue aquí, cifrado, y se recuperará en cuanto vuelva la conexión. La página lo intentará sola.',
    retry: 'Reintentar ahora',
    idleTitle: '¿Sigue ahí?',
    idleText_one: 'Por seguridad, la sesión se cerrará en {{count}} segundo por inactividad.',
    idleText_other: 'Por seguridad, la sesión se cerrará en {{count}} segundos por inactividad.',
    idleStay: 'Continuar en la sesión',
    idleSignedOut: 'Se cerró su sesión por inactividad. Vuelva a iniciar sesión: si había enviado un registro sin conexión, se enviará al ingresar.',
  },
};

const en: typeof es = {
  usability: {
    draftSaved: 'Draft saved on this computer, encrypted ({{time}}).',
    draftRestored: 'The draft you saved on this computer was restored ({{time}}).',
    draftNotKept: 'This browser keeps no drafts (the connection is not secure): do not close the page until the record has been sent.',
    discardDraft: 'Discard the draft',
    queued: 'No connection: the record is saved on this computer, encrypted, and will be sent by itself when the connection returns. It will not be created twice.',
    sendNow: 'Send now',
    notSaved: 'Not saved yet.',
    sending: 'Sending…',
    sent: 'Sent.',
    offlineBanner: 'No connection to the server. You can go on filling in the form: it is saved on this computer.',
    offlineTitle: 'No connection',
    offlineText: 'The server cannot be reached. What you saved on this computer is still here, encrypted, and will be restored as soon as the connection returns. The page will try again by itself.',
    retry: 'Try again now',
    idleTitle: 'Are you still there?',
    idleText_one: 'For safety, the session will close in {{count}} second because of inactivity.',
    idleText_other: 'For safety, the session will close in {{count}} seconds because of inactivity.',
    idleStay: 'Stay signed in',
    idleSignedOut: 'You were signed out after a period of inactivity. Sign in again: a record you sent while offline will be sent when you do.',
  },
};

/** Called once i18next is initialised (lib/i18n.ts). */
export function registerUsabilityTexts(): void {
  i18next.addResourceBundle('es', 'translation', es, true, false);
  i18next.addResourceBundle('en', 'translation', en, true, false);
}
