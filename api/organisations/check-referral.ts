// refer-to-charity is checked against the organisations table before anything reaches the workflow
// (DESIGN.md §10): organisations and projects are reference data the workflow does not carry, like the
// street tree a transfer is checked against. A refusal names the field and changes nothing.
import type { CaseActionRequest } from '../../domain/action-schemas';
import { referralProblem, shanghaiToday } from '../../domain/organisations';
import type { ApiContext } from '../http/deps';
import { AppError } from '../http/errors';
import { findOrganisation, findProject } from './repository';

export async function checkReferral(ctx: ApiContext, action: CaseActionRequest, districtCode: string): Promise<void> {
  if (action.type !== 'refer-to-charity') return;
  const organisation = await findOrganisation(ctx.prisma, action.organisationId);
  if (!organisation) {
    throw new AppError('UNKNOWN_ORGANISATION', `organisation ${action.organisationId} is not registered`, {
      errors: [{ path: 'organisationId', message: 'is not a registered organisation (see GET /api/v1/organisations)' }],
    });
  }
  const project = action.projectId !== undefined ? await findProject(ctx.prisma, action.projectId) : null;
  if (action.projectId !== undefined && !project) {
    throw new AppError('UNKNOWN_PROJECT', `project ${action.projectId} is not registered`, {
      errors: [{ path: 'projectId', message: `is not a project (see GET /api/v1/organisations/${action.organisationId}/projects)` }],
    });
  }
  const problem = referralProblem(organisation, project, districtCode, shanghaiToday(ctx.now()));
  if (problem) throw new AppError(problem.code, problem.message, { errors: [{ path: problem.path, message: problem.message }] });
}
