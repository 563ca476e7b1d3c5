#include "neural/random_features/least_squares.hpp"

#include <chrono>

#include "core/error.hpp"

namespace kinetic::neural {

Eigen::VectorXd solve_least_squares(Eigen::MatrixXd& A, Eigen::VectorXd& b, const std::vector<double>& row_weight,
                                    const std::string& solver, LeastSquaresReport* report) {
  const auto start = std::chrono::steady_clock::now();
  for (Eigen::Index i = 0; i < A.rows(); ++i) {
    const double norm = A.row(i).norm();
    const double scale = (norm > 0 ? 1.0 / norm : 1.0) * row_weight[i];
    A.row(i) *= scale;
    b[i] *= scale;
  }
  Eigen::VectorXd col_scale(A.cols());
  for (Eigen::Index j = 0; j < A.cols(); ++j) {
    const double norm = A.col(j).norm();
    col_scale[j] = norm > 0 ? 1.0 / norm : 1.0;
    A.col(j) *= col_scale[j];
  }
  Eigen::VectorXd y;
  long rank = -1;
  if (solver == "cod") {
    Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod(A);
    y = cod.solve(b);
    rank = cod.rank();
  } else if (solver == "colpiv_qr") {
    Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(A);
    y = qr.solve(b);
    rank = qr.rank();
  } else if (solver == "qr") {
    y = A.householderQr().solve(b);
  } else if (solver == "normal") {
    const Eigen::MatrixXd N = A.transpose() * A;
    y = N.ldlt().solve(A.transpose() * b);
  } else {
    throw RunError("least squares: unknown solver '" + solver + "'");
  }
  if (!y.allFinite()) throw RunError("least squares (" + solver + "): the solution is not finite");
  if (report) {
    report->relative_residual = (A * y - b).norm() / std::max(b.norm(), 1e-300);
    report->rank = rank;
    report->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return col_scale.cwiseProduct(y);
}

}  // namespace kinetic::neural
