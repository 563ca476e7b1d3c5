#pragma once
// Dense linear least squares for the random feature methods: min ||W (A c - b)||_2 with every row first
// normalised to unit length (so no equation dominates because of its units or of eps) and then multiplied by
// its weight, and every column scaled to unit length (which only improves the conditioning of the solve).
#include <Eigen/Dense>
#include <string>
#include <vector>

namespace kinetic::neural {

struct LeastSquaresReport {
  double relative_residual = 0;  // ||A c - b|| / ||b|| of the scaled system
  long rank = -1;                // for rank-revealing solvers
  double seconds = 0;
};

// solver: cod (complete orthogonal decomposition, rank revealing), colpiv_qr, qr (Householder), normal
// (Cholesky of the normal equations: fastest, squares the condition number). A and b are scaled in place.
Eigen::VectorXd solve_least_squares(Eigen::MatrixXd& A, Eigen::VectorXd& b, const std::vector<double>& row_weight,
                                    const std::string& solver, LeastSquaresReport* report = nullptr);

}  // namespace kinetic::neural
