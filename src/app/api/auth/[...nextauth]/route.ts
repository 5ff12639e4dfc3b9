import NextAuth from 'next-auth';
import { authOptions } from '@/server/identity/authOptions';

/** next-auth v4 endpoints (sign-in, sign-out, session, CSRF) for the browser. */
const handler = NextAuth(authOptions);

export { handler as GET, handler as POST };
