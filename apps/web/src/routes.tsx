import { lazy } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { RequireSession } from './auth/RequireSession';
import { AppLayout } from './layout/AppLayout';

// Every page is its own chunk: the inspector's phone loads the inspection page, not the dashboard's charts.
const LoginPage = lazy(() => import('./auth/LoginPage'));
const HomePage = lazy(() => import('./home/HomePage'));
const DashboardPage = lazy(() => import('./dashboard/DashboardPage'));
const CountyPage = lazy(() => import('./county/CountyPage'));
const InspectorHomePage = lazy(() => import('./inspection/InspectorHomePage'));
const InspectionPage = lazy(() => import('./inspection/InspectionPage'));
const InboxPage = lazy(() => import('./inbox/InboxPage'));
const OperationsPage = lazy(() => import('./operations/OperationsPage'));
const CalendarsPage = lazy(() => import('./calendars/CalendarsPage'));
const ProgrammesPage = lazy(() => import('./programmes/ProgrammesPage'));
const PeoplePage = lazy(() => import('./people/PeoplePage'));
const OverrunsPage = lazy(() => import('./overruns/OverrunsPage'));
const FundingPage = lazy(() => import('./funding/FundingPage'));
const NotificationChannelsPage = lazy(() => import('./notifications/NotificationChannelsPage'));
const EvaluationSettingsPage = lazy(() => import('./evaluation/EvaluationSettingsPage'));
const AuditPage = lazy(() => import('./audit/AuditPage'));
const NotificationPreferencesPage = lazy(() => import('./notifications/NotificationPreferencesPage'));
const ChangePasswordPage = lazy(() => import('./auth/ChangePasswordPage'));
const NotFoundPage = lazy(() => import('./shared/NotFoundPage'));

/**
 * The app's addresses. They are links in notifications and e-mails too (`appLink` in @duban/contracts
 * builds them for the notifications service and the web app alike), so keep them stable.
 */
export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'regions/:regionCode', element: <DashboardPage /> },
          { path: 'projects/:projectId', element: <CountyPage /> },
          { path: 'projects/:projectId/:tab', element: <CountyPage /> },
          { path: 'projects/:projectId/milestones/:milestoneId', element: <CountyPage /> },
          { path: 'inspections', element: <InspectorHomePage /> },
          { path: 'inspections/:inspectionId', element: <InspectionPage /> },
          { path: 'inbox', element: <InboxPage /> },
          { path: 'operations', element: <OperationsPage /> },
          { path: 'calendars', element: <CalendarsPage /> },
          { path: 'programmes', element: <ProgrammesPage /> },
          { path: 'people', element: <PeoplePage /> },
          { path: 'overruns', element: <OverrunsPage /> },
          { path: 'funding', element: <FundingPage /> },
          { path: 'notification-channels', element: <NotificationChannelsPage /> },
          { path: 'evaluation', element: <EvaluationSettingsPage /> },
          { path: 'audit', element: <AuditPage /> },
          { path: 'notification-preferences', element: <NotificationPreferencesPage /> },
          { path: 'password', element: <ChangePasswordPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export const createAppRouter = () => createBrowserRouter(routes);
