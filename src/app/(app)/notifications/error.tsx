'use client';

import { RouteError } from '@/ui/RouteError';

export default RouteError;
