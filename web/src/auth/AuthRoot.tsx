/**
 * What main.tsx renders for the planner: the sign-in screen while the caller
 * may read nothing, else the planner; over either, the sign-in and
 * first-admin dialogs.
 */
import { App } from '../App.tsx';
import { selectNeedsSignIn } from '../store/auth-selectors.ts';
import { useAppStore } from '../store/store-context.tsx';
import { SetupDialog } from './SetupDialog.tsx';
import { SignInDialog } from './SignInDialog.tsx';
import { SignInScreen } from './SignInScreen.tsx';
import './auth.css';

export function AuthRoot() {
  const signedOut = useAppStore(selectNeedsSignIn);
  return (
    <>
      {signedOut ? <SignInScreen /> : <App />}
      {!signedOut && <SignInDialog />}
      <SetupDialog />
    </>
  );
}
