import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { PublicOnly, RequireAdmin, RequireAuth } from './auth/guards';
import { AppLayout } from './layout/AppLayout';
import { Landing } from './pages/Landing';
import { NotFound } from './pages/NotFound';

// The landing page ships in the first bundle; every other page loads when first visited.
const SignUp = lazy(() => import('./pages/SignUp'));
const LogIn = lazy(() => import('./pages/LogIn'));
const ForgotPassword = lazy(() => import('./pages/ForgotPassword'));
const ResetPassword = lazy(() => import('./pages/ResetPassword'));
const Dashboard = lazy(() => import('./pages/Dashboard'));
const Profile = lazy(() => import('./pages/Profile'));
const Questions = lazy(() => import('./pages/Questions'));
const Question = lazy(() => import('./pages/Question'));
const QuestionEditor = lazy(() => import('./pages/QuestionEditor'));
const Room = lazy(() => import('./pages/Room'));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route element={<PublicOnly />}>
          <Route index element={<Landing />} />
          <Route path="signup" element={<SignUp />} />
          <Route path="login" element={<LogIn />} />
          <Route path="forgot-password" element={<ForgotPassword />} />
        </Route>
        {/* Signed in or not: the mailed link works either way (a reset signs every device out). */}
        <Route path="reset-password" element={<ResetPassword />} />
        <Route element={<RequireAuth />}>
          <Route path="dashboard" element={<Dashboard />} />
          <Route path="profile" element={<Profile />} />
          <Route path="questions" element={<Questions />} />
          <Route path="questions/:slug" element={<Question />} />
          <Route path="room/:sessionId" element={<Room />} />
          <Route element={<RequireAdmin />}>
            <Route path="admin/questions/new" element={<QuestionEditor />} />
            <Route path="admin/questions/:slug/edit" element={<QuestionEditor />} />
          </Route>
        </Route>
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
